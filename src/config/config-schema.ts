/**
 * The JSON Schema (draft 2020-12) for config.json, generated from the same field definitions the
 * validator uses (config-spec.ts). Published as schemas/config.schema.json; a test keeps the
 * committed file equal to this output and checks that the schema and validateConfig agree.
 */
import {
  ADDRESS_RE,
  CONFIG_FIELDS,
  DOMAIN_PATTERN,
  MAX_ADDRESS_LENGTH,
  MAX_DOMAIN_LENGTH,
  MAX_LIST_ITEMS,
  MAX_URL_LENGTH,
  SEVERITY_NAMES,
  URL_PATTERN,
  type FieldSpec,
} from './config-spec';

function fieldSchema(spec: FieldSpec): Record<string, unknown> {
  const description = `${spec.description.en} / ${spec.description.ja}`;
  const list = (items: Record<string, unknown>): Record<string, unknown> => ({ type: 'array', maxItems: MAX_LIST_ITEMS, items, default: spec.default, description });
  switch (spec.kind) {
    case 'address':
      return {
        description,
        default: spec.default,
        anyOf: [{ const: '' }, { type: 'string', maxLength: MAX_ADDRESS_LENGTH, pattern: ADDRESS_RE.source }],
      };
    case 'domains':
      return list({ type: 'string', maxLength: MAX_DOMAIN_LENGTH + 1, pattern: DOMAIN_PATTERN });
    case 'urls':
      return list({ type: 'string', minLength: 1, maxLength: MAX_URL_LENGTH, pattern: URL_PATTERN });
    case 'levels':
      return list({ enum: [...SEVERITY_NAMES] });
  }
}

export function configJsonSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    $schema: { type: 'string', description: 'For your editor: the URL or path of this schema.' },
  };
  for (const [name, spec] of Object.entries(CONFIG_FIELDS)) properties[name] = fieldSchema(spec);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'MirrorFace Guard config.json',
    description:
      'Settings for the MirrorFace Guard Outlook add-in, served beside taskpane.html. Generated from src/config/config-spec.ts by `npm run build:schema`; do not edit. Check a file offline with `npx mirrorface-guard check-config FILE`.',
    type: 'object',
    properties,
    // Keys starting with $ or _ are comments; anything else unknown is a typo the pane reports.
    patternProperties: { '^[$_]': {} },
    additionalProperties: false,
  };
}
