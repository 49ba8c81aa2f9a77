import * as React from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

/**
 * A push button drawn with Fluent's tokens in the look of Fluent's Button (primary and
 * secondary appearances, hover, pressed, disabled, focus ring), as a native <button>.
 *
 * Fluent's Button package costs the pane ~8 kB gzip (its slots, icon handling and the tabster
 * focus hooks), which the all-pane-JS budget of 270 kB cannot carry beside react-dom; the pane
 * needs two plain text buttons, so it draws them itself, the way the banner draws its box
 * instead of MessageBar. The native element keeps the keyboard and screen-reader behaviour.
 */
const useStyles = makeStyles({
  base: {
    boxSizing: 'border-box',
    minHeight: '32px',
    minWidth: '96px',
    maxWidth: '100%',
    padding: `5px ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightSemibold,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1Hover}`, color: tokens.colorNeutralForeground1Hover },
    ':active': { backgroundColor: tokens.colorNeutralBackground1Pressed, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1Pressed}` },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  primary: {
    backgroundColor: tokens.colorBrandBackground,
    border: `${tokens.strokeWidthThin} solid ${'transparent'}`,
    color: tokens.colorNeutralForegroundOnBrand,
    ':hover': { backgroundColor: tokens.colorBrandBackgroundHover, border: `${tokens.strokeWidthThin} solid ${'transparent'}`, color: tokens.colorNeutralForegroundOnBrand },
    ':active': { backgroundColor: tokens.colorBrandBackgroundPressed, border: `${tokens.strokeWidthThin} solid ${'transparent'}` },
  },
  disabled: {
    cursor: 'not-allowed',
    backgroundColor: tokens.colorNeutralBackgroundDisabled,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStrokeDisabled}`,
    color: tokens.colorNeutralForegroundDisabled,
    ':hover': { backgroundColor: tokens.colorNeutralBackgroundDisabled, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStrokeDisabled}`, color: tokens.colorNeutralForegroundDisabled },
    ':active': { backgroundColor: tokens.colorNeutralBackgroundDisabled, border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStrokeDisabled}` },
  },
});

export interface ActionButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  appearance?: 'primary' | 'secondary';
}

export function ActionButton({ appearance = 'secondary', className, disabled, type, ...rest }: ActionButtonProps): React.ReactElement {
  const styles = useStyles();
  return (
    <button
      {...rest}
      type={type ?? 'button'}
      disabled={disabled}
      className={mergeClasses(styles.base, appearance === 'primary' && styles.primary, disabled && styles.disabled, className)}
    />
  );
}
