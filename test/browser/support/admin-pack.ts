/**
 * The pack the pane checks against when config.json names an admin IOC list served on its origin:
 * built here the way the pane builds it (validateConfig, loadAdminIndicators), so the CLI-side
 * expectation of a test uses exactly the pane's rules and indicators.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateConfig } from '../../../src/config/config';
import { loadAdminIndicators } from '../../../src/config/load-extras';
import type { Pack } from '../../../src/engine/types';
import { REPO_ROOT } from './harness';

/** The built pack plus the admin list `iocText`, served at `iocPath` and named by `config`. */
export async function packWithAdminIocs(origin: string, config: Record<string, unknown>, iocPath: string, iocText: string): Promise<Pack> {
  const base = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'build/pack.json'), 'utf8')) as Pack;
  const cfg = validateConfig(config, `${origin}/taskpane.html`);
  const admin = await loadAdminIndicators(cfg.config, base, async (url) => {
    const ok = new URL(url).pathname === iocPath;
    return { ok, status: ok ? 200 : 404, text: async () => (ok ? iocText : '') };
  });
  if (!admin.active) throw new Error(`the admin IOC list at ${iocPath} was not taken into the pack`);
  return admin.pack;
}
