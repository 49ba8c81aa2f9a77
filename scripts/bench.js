#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: speed figures as RATIOS measured in one run (absolute times on shared CI
 * machines swing by 2x between runs; ratios of things measured side by side do not).
 *
 *  1. CLI throughput: the real bundled CLI over ../shared/corpora, jsonl to a pipe we only count.
 *  2. full scan / parse-only, and engine share (evaluate / parse), in-process over the same files
 *     with build/bench-lib.js (the CLI's own code, bundled from the same sources): a first pass
 *     (reported; it includes compiling the engine's code) and three more, each with a fresh copy
 *     of the pack; the targets are checked on the median of those three.
 *  3. evaluate with the embedded pack vs with a generated 100,000-indicator admin list, and the
 *     time to load that list (parseIocFile + mergePacks + the engine's first compile).
 *  4. The task pane: time from Office.onReady to the banner in Chromium (the browser test run
 *     here), and the gzip size of the production JS that `npm run bench` builds first.
 *     `npm run bench -- --pane` runs this part alone.
 *
 * Prints a table and, last, one JSON line (`BENCH {...}`) for machines.
 */
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { performance } = require('perf_hooks');
const { walk } = require('./walk');

const scanBench = require('./bench-scan');

const ROOT = path.resolve(__dirname, '..');
const CORPORA = path.resolve(ROOT, '../shared/corpora');
const CLI = path.join(ROOT, 'bin/mirrorface-guard.js');
const LIB = path.join(ROOT, 'build/bench-lib.js');

const TARGETS = {
  fullOverParse: 2, // full scan may cost at most twice the parse it cannot avoid
  fullOverPostal: 1.5, // full scan at most 1.5x the CLI's own postal-mime parse (its wrapper, src/adapters/files/mime.ts) of the same .eml/mbox files
  fasterThanPrevious: 2, // single-thread scan at least 2x the previous release's, same files, same run
  jobsSpeedup: 1.3, // --jobs 2 at least 1.3x --jobs 1 on a 2-core machine, same bytes
  mainPerFileUs: 50, // main-thread cost per file, so that 64 cores could be fed
  mboxPeakRssMb: 400, // a 1 GB mbox scans in at most 400 MB
  mboxLinearity: 0.15, // time per MB at 250 MB and at 1 GB within 15%
  smallFilesPeakRssMb: 400, // 100,000 small messages in at most 400 MB
  engineShare: 0.1, // evaluate is at most 10% of parse time
  bigListRatio: 2, // 100k admin indicators at most double evaluate time
  packLoadMs: 500, // loading 100k indicators stays under half a second
  bundleGzipBytes: 270 * 1000, // all task-pane JS, in the same 1,000-byte kB webpack.config.js uses
  firstBannerGzipBytes: 200 * 1000, // the JS the first banner needs (entry + first-* chunks; webpack.config.js)
  bannerMs: 300, // final banner within 300 ms of Office.onReady, message without attachments
  firstBannerMs: 150, // first banner (headers, body, links) within 150 ms of Office.onReady
  coldLoadMs: 1500, // navigation to first banner at 10 Mbit/s and 100 ms RTT
};
/** Indicators in the generated admin list (the size a national CERT feed reaches). */
const BIG_LIST_SIZE = 100_000;
/** Messages evaluated against both packs for the list-size ratio; enough to average out GC. */
const RATIO_SAMPLE = 1500;
/** In-process passes over the corpora after the first (warm-up) one; the median is reported. */
const MEASURED_PASSES = 3;

function die(msg) {
  console.error(`bench: ${msg}`);
  process.exit(2);
}


/** Runs the built CLI over the corpora; counts records without keeping them. */
function runCli() {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, 'scan', '--format', 'jsonl', '--fail-on', 'never', CORPORA], { stdio: ['ignore', 'pipe', 'pipe'] });
    let records = 0;
    let messages = 0;
    let tail = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      const lines = (tail + chunk).split('\n');
      tail = lines.pop() ?? '';
      for (const l of lines) {
        if (!l) continue;
        records++;
        if (l.includes('"error":null')) messages++;
      }
    });
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      // 3 says some message hit a limit (the corpora hold a few very long bodies); only 2 is a failure.
      if (code !== 0 && code !== 3) reject(new Error(`CLI exited ${code}: ${stderr.slice(0, 500)}`));
      else resolve({ ms, records, messages });
    });
  });
}

/** Deterministic pseudo-random generator (mulberry32): the same list on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bigIocText(n) {
  const r = rng(20250301);
  const word = () => Math.floor(r() * 36 ** 6).toString(36).padStart(6, '0');
  const tlds = ['com', 'net', 'org', 'info', 'jp', 'co.jp', 'xyz', 'top'];
  const lines = ['# generated by scripts/bench.js: not real indicators'];
  for (let i = 0; i < n; i++) {
    const k = i % 10;
    const tld = tlds[Math.floor(r() * tlds.length)];
    if (k < 3) lines.push(crypto.createHash(k === 0 ? 'md5' : k === 1 ? 'sha1' : 'sha256').update(`bench-${i}`).digest('hex'));
    else if (k < 6) lines.push(`${word()}-${word()}.${tld}`.replace(/\./g, i % 2 ? '[.]' : '.'));
    else if (k < 8) lines.push(`${1 + Math.floor(r() * 222)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${1 + Math.floor(r() * 254)}`);
    else if (k < 9) lines.push(`hxxps://${word()}.${tld}/${word()}/${word()}.zip`);
    else lines.push(`${word()}.${word()}@${word()}-mail.${tld}`);
  }
  return lines.join('\n') + '\n';
}

/**
 * Gzip sizes of dist's scripts: those the pane's HTML pages load at start-up (the budget webpack
 * enforces) and those loaded on demand, as webpack.config.js splits them.
 */
function gzipSizes(dir) {
  if (!fs.existsSync(dir)) return null;
  const files = walk(dir).filter((f) => f.endsWith('.js'));
  const startup = new Set();
  // Production HTML is minified: attribute quotes are dropped where HTML allows it.
  for (const html of walk(dir).filter((f) => f.endsWith('.html'))) {
    for (const m of fs.readFileSync(html, 'utf8').matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+\.js)/g)) startup.add(path.basename(m[1]));
  }
  let total = 0;
  let lazy = 0;
  let largest = { file: '', bytes: 0 };
  for (const f of files) {
    const bytes = zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
    if (startup.has(path.basename(f))) total += bytes;
    else lazy += bytes;
    if (bytes > largest.bytes) largest = { file: path.relative(ROOT, f), bytes };
  }
  return { files: files.length, total, lazy, largest };
}

/**
 * One in-process pass over the corpora with `pack`: read, parse, evaluate and format each
 * message, timed per step (the CLI's own code, from build/bench-lib.js).
 */
async function inProcessPass(lib, files, pack, keepSample) {
  const engine = lib.buildEngine(pack, { trustedDomains: [], protectedDomains: [] });
  const ctx = lib.recordContext(pack, 'en');
  // postalMs and the *Mail sums cover .eml and mbox files only (postal-mime does not read .msg).
  const r = { readMs: 0, postalMs: 0, htmlMs: 0, parseMs: 0, evalMs: 0, formatMs: 0, messages: 0, sample: [], mailReadMs: 0, mailFullMs: 0 };
  const stride = Math.max(1, Math.floor(files.length / RATIO_SAMPLE));
  for (let i = 0; i < files.length; i++) {
    const fileStart = performance.now();
    let t = fileStart;
    const bytes = fs.readFileSync(files[i]);
    const readMs = performance.now() - t;
    r.readMs += readMs;
    // Time spent on the floor and the HTML reader's own timing: kept out of the file's scan time.
    let apartMs = 0;
    // The floor: postal-mime alone on the same messages, by the CLI's own postal-mime path (the
    // wrapper in src/adapters/files/mime.ts with parseEml's options: the same build, the same
    // patches, no Blob round trip), so the ratio is what the rest of the scan adds to it.
    const format = lib.sniffMessageFormat(bytes);
    if (format === 'eml' || format === 'mbox') {
      const parts = format === 'mbox' ? lib.splitMbox(bytes).messages : [bytes];
      t = performance.now();
      const htmls = [];
      for (const m of parts) {
        try {
          const parsed = await lib.parseMime(m, lib.MIME_OPTIONS);
          if (parsed.html) htmls.push(parsed.html);
        } catch {
          // A message postal-mime rejects costs what it cost.
        }
      }
      const postalMs = performance.now() - t;
      r.postalMs += postalMs;
      // The HTML reader alone on the same messages' HTML bodies (parse5 builds the tree a
      // browser would, which issue 8 requires): a part of the scan no faster postal-mime removes,
      // set beside the floor. Outside the file's timed span, like the floor itself.
      const h = performance.now();
      for (const html of htmls) lib.readHtml(html);
      const htmlMs = performance.now() - h;
      r.htmlMs += htmlMs;
      apartMs = postalMs + htmlMs;
    }
    t = performance.now();
    let items;
    try {
      items = await engine.parse(bytes);
    } catch {
      items = [];
    }
    r.parseMs += performance.now() - t;
    for (const item of items) {
      // Same rule as the CLI: a file with no mail header is reported, not evaluated.
      if (!item.message || !lib.isRecognisableMail(item.message)) continue;
      r.messages++;
      t = performance.now();
      const verdict = engine.evaluate(item.message);
      r.evalMs += performance.now() - t;
      t = performance.now();
      lib.formatJsonl({ file: files[i], index: item.index, multi: items.length > 1, verdict, facts: lib.describeMessage(item.message) }, ctx);
      r.formatMs += performance.now() - t;
      if (keepSample && i % stride === 0 && r.sample.length < RATIO_SAMPLE) r.sample.push(item.message);
    }
    if (format === 'eml' || format === 'mbox') {
      r.mailReadMs += readMs;
      r.mailFullMs += performance.now() - fileStart - apartMs;
    }
  }
  return r;
}

/** Size of the big generated mbox; MFG_BENCH_MBOX_MB makes it smaller for a quick local look. */
const BIG_MBOX_MB = Number(process.env.MFG_BENCH_MBOX_MB) || 1024;
const SMALL_MESSAGES = Number(process.env.MFG_BENCH_SMALL_MESSAGES) || 100_000;

/**
 * 5-7: the scan CLI against the previous release (single thread, same files, same run), on a
 * generated mbox at a quarter and at full size, and on a tree of many small messages.
 */
async function scaleBench(files, lib) {
  const out = {};
  const args = ['scan', '--format', 'jsonl', '--fail-on', 'never'];
  const prev = scanBench.buildPreviousRelease(ROOT);
  if (prev.error) out.previous = { error: prev.error };
  else {
    // Alternate old and new, twice each, so drift on a shared machine hits both alike.
    const runs = { old: [], new: [] };
    for (let i = 0; i < 2; i++) {
      runs.old.push(await scanBench.runCli(prev.cli, [...args, CORPORA]));
      runs.new.push(await scanBench.runCli(CLI, JOBS_SUPPORTED ? [...args, '--jobs', '1', CORPORA] : [...args, CORPORA]));
    }
    const best = (xs) => Math.min(...xs.map((r) => r.ms));
    out.previous = { commit: prev.commit, oldMs: Math.round(best(runs.old)), newMs: Math.round(best(runs.new)), speedup: +(best(runs.old) / best(runs.new)).toFixed(3), newRecords: runs.new[0].lines, oldRecords: runs.old[0].lines };
    fs.rmSync(prev.dir, { recursive: true, force: true });
  }

  // --jobs 2 against --jobs 1 over the corpora, alternated, best of two each; the output must be
  // the same bytes. From the --jobs 1 runs: CPU per message (all threads) and the main thread's
  // own busy time per file; per-worker memory is the peak-RSS difference between the two.
  if (JOBS_SUPPORTED) {
    // With each --jobs 2 run, one with V8's own inlining budget (920) instead of the 300 that
    // bin/mirrorface-guard.js sets: what the smaller budget saves, measured alongside.
    const j = { 1: [], 2: [], v8: [] };
    const V8_BUDGET = ['--max-inlined-bytecode-size-cumulative=920'];
    for (let i = 0; i < 2; i++) {
      for (const n of [1, 2]) j[n].push(await scanBench.runCli(CLI, [...args, '--jobs', String(n), CORPORA]));
      j.v8.push(await scanBench.runCli(CLI, [...args, '--jobs', '2', CORPORA], { nodeArgs: V8_BUDGET }));
    }
    const best = (xs) => xs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const one = best(j[1]);
    const two = best(j[2]);
    const v8Budget = best(j.v8);
    const identical = [...j[1], ...j[2], ...j.v8].every((r) => r.sha256 === one.sha256);
    // The main thread's own CPU per file: its CPU time (Linux: /proc/self/task/PID/stat) over the
    // corpora, less that of a run over an empty directory (start-up: loading the bundle, merging
    // the pack, starting the worker), divided by the files. Smallest of the runs, since load only adds.
    const empty = fs.mkdtempSync(path.join(require('os').tmpdir(), 'mfg-bench-empty-'));
    const startup = [];
    try {
      for (let i = 0; i < 3; i++) startup.push((await scanBench.runCli(CLI, [...args, '--jobs', '1', empty])).mainCpuMs);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
    const startupMs = startup.every((x) => typeof x === 'number') ? Math.min(...startup) : null;
    out.startupMainCpuMs = startupMs;
    const mainCpu = (runs) => (startupMs === null || runs.some((r) => typeof r.mainCpuMs !== 'number') ? null : Math.min(...runs.map((r) => r.mainCpuMs)));
    const perFile = (ms, n) => (ms === null ? null : +(((ms - startupMs) * 1000) / n).toFixed(1));
    out.jobs = {
      mainCpuPerFileUs: perFile(mainCpu(j[1]), files.length),
      mainCpuPerFileUsJobs2: perFile(mainCpu(j[2]), files.length),
      ms1: Math.round(one.ms),
      ms2: Math.round(two.ms),
      speedup: +(one.ms / two.ms).toFixed(3),
      identical,
      records: one.lines,
      files: files.length,
      cpuPerMessageUs: +((one.cpuMs * 1000) / one.lines).toFixed(1),
      mainPerFileUs: +((Math.min(...j[1].map((r) => r.mainActiveMs), ...j[2].map((r) => r.mainActiveMs)) * 1000) / files.length).toFixed(1),
      mainPerFileUsJobs2: +((two.mainActiveMs * 1000) / files.length).toFixed(1),
      peakRssMb1: +one.maxRssMb.toFixed(1),
      peakRssMb2: +two.maxRssMb.toFixed(1),
      perWorkerMb: +(two.maxRssMb - one.maxRssMb).toFixed(1),
      v8BudgetMs: Math.round(v8Budget.ms),
      v8BudgetCpuMs: Math.round(Math.min(...j.v8.map((r) => r.cpuMs))),
      budgetCpuMs: Math.round(Math.min(...j[2].map((r) => r.cpuMs))),
    };
  }

  const tmp = fs.mkdtempSync(path.join(require('os').tmpdir(), 'mfg-bench-scale-'));
  try {
    const entries = scanBench.mboxEntries(files, lib);
    // Three sizes: a sixteenth, a quarter and the full size, run small to large and back
    // (1/16, 1/4, full, 1/4, 1/16), so a machine that gets busier or quieter during the run moves
    // every size alike. Time per MB at the quarter and the full size is the issue's figure. The
    // mbox repeats the corpus (~55 MB a pass), and a first pass costs more than a repeat (the
    // engine's per-pack look-up caches warm up, and the JIT), which makes a bigger file cheaper per
    // MB; the marginal time per MB from 1/16 to 1/4 against 1/4 to full compares two stretches of
    // repeats, the linearity itself. CPU time (all threads) is reported beside wall time: it
    // counts the work done and does not grow when the threads are descheduled.
    const sizes = [Math.round(BIG_MBOX_MB / 16), Math.round(BIG_MBOX_MB / 4), BIG_MBOX_MB];
    const made = {};
    for (const mb of sizes) {
      const file = path.join(tmp, `big-${mb}.mbox`);
      made[mb] = { file, ...scanBench.writeMbox(file, entries, mb * 1024 * 1024) };
    }
    const runsBySize = Object.fromEntries(sizes.map((mb) => [mb, []]));
    // Every core at archive scale: the quarter-size mbox also with --jobs 1, in between the
    // default runs (--jobs = the number of cores), so the two see the same machine. Over the
    // corpora (above) each worker spends much of its short run warming up its JIT; here the
    // workers run warm for most of the file.
    // The full size once with --jobs 1 as well, right after its default run: where the JIT's
    // warm-up is spread over the most work, what a second core buys.
    const oneJob = { [sizes[1]]: [], [sizes[2]]: [] };
    for (const [mb, jobs1] of [[sizes[0]], [sizes[1]], [sizes[1], true], [sizes[2]], [sizes[2], true], [sizes[1], true], [sizes[1]], [sizes[0]]]) {
      if (jobs1 && !JOBS_SUPPORTED) continue;
      const r = await scanBench.runCli(CLI, [...args, ...(jobs1 ? ['--jobs', '1'] : []), made[mb].file]);
      (jobs1 ? oneJob[mb] : runsBySize[mb]).push(r);
    }
    if (JOBS_SUPPORTED) {
      const mean = (rs, f) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
      out.mboxJobs = [sizes[1], sizes[2]].map((mb) => {
        const ones = oneJob[mb];
        const all = runsBySize[mb];
        return {
          mb: +(made[mb].bytes / 1048576).toFixed(1),
          runs: ones.length,
          jobs: require('os').availableParallelism?.() ?? require('os').cpus().length,
          ms1: Math.round(mean(ones, (r) => r.ms)),
          msN: Math.round(mean(all, (r) => r.ms)),
          cpuMs1: Math.round(mean(ones, (r) => r.cpuMs)),
          cpuMsN: Math.round(mean(all, (r) => r.cpuMs)),
          speedup: +(mean(ones, (r) => r.ms) / mean(all, (r) => r.ms)).toFixed(2),
          identical: new Set([...ones, ...all].map((r) => r.sha256)).size === 1,
        };
      });
    }
    out.mbox = [];
    for (const mb of sizes) {
      const m = made[mb];
      fs.rmSync(m.file, { force: true });
      const runs = runsBySize[mb];
      const mean = (f) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
      const sizeMb = m.bytes / 1048576;
      out.mbox.push({
        mb: +sizeMb.toFixed(1),
        messages: m.messages,
        runs: runs.length,
        records: Math.min(...runs.map((r) => r.lines)),
        ms: Math.round(mean((r) => r.ms)),
        cpuMs: Math.round(mean((r) => r.cpuMs)),
        msPerMb: +(mean((r) => r.ms) / sizeMb).toFixed(1),
        cpuMsPerMb: +(mean((r) => r.cpuMs) / sizeMb).toFixed(1),
        peakRssMb: +Math.max(...runs.map((r) => r.maxRssMb)).toFixed(1),
        code: runs[0].code,
      });
    }
    const dir = path.join(tmp, 'small');
    scanBench.writeSmallMessages(dir, SMALL_MESSAGES);
    const r = await scanBench.runCli(CLI, [...args, dir]);
    const mainPerFileUs = typeof r.mainCpuMs === 'number' && typeof out.startupMainCpuMs === 'number' ? +(((r.mainCpuMs - out.startupMainCpuMs) * 1000) / SMALL_MESSAGES).toFixed(1) : null;
    out.small = { messages: SMALL_MESSAGES, records: r.lines, ms: Math.round(r.ms), perMessageUs: +((r.ms * 1000) / SMALL_MESSAGES).toFixed(1), mainCpuPerFileUs: mainPerFileUs, peakRssMb: +r.maxRssMb.toFixed(1), code: r.code };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return out;
}

/**
 * 4. The task pane: time to banner in Chromium (the browser test writes its figures; an old file
 * is removed first so a failed run cannot report stale ones), and the production bundle that
 * `npm run bench` has just built. `npm run bench -- --pane` runs this part alone (about a minute
 * instead of the whole bench).
 */
function paneMeasure() {
  const bannerFile = path.join(ROOT, 'test-results/time-to-banner.json');
  fs.rmSync(bannerFile, { force: true });
  const jestRun = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), 'test/browser/time-to-banner.test.ts', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (jestRun.status !== 0) process.stderr.write(`time-to-banner measurement failed:\n${jestRun.stdout}${jestRun.stderr}\n`);
  const banner = fs.existsSync(bannerFile) ? JSON.parse(fs.readFileSync(bannerFile, 'utf8')) : null;
  const dist = gzipSizes(path.join(ROOT, 'dist'));

  // The build's own accounting of which files the first banner needs (webpack.config.js).
  const bundleFile = path.join(ROOT, 'test-results/bundle-size.json');
  const bundle = fs.existsSync(bundleFile) ? JSON.parse(fs.readFileSync(bundleFile, 'utf8')) : null;
  return { banner, dist, bundle };
}

function paneRows(row, { banner, dist, bundle }) {
  const f1 = (x) => x.toFixed(1);
  if (banner) {
    const fb = banner.firstBanner ?? {};
    row('onReady -> first banner, 10 MB attachment (median)', `${f1(fb.tenMbAttachmentMs ?? NaN)} ms`, `<= ${TARGETS.firstBannerMs} ms`, fb.tenMbAttachmentMs <= TARGETS.firstBannerMs);
    row('onReady -> first banner, stuck attachment download', `${f1(fb.stuckAttachmentMs ?? NaN)} ms`, `<= ${TARGETS.firstBannerMs} ms`, fb.stuckAttachmentMs <= TARGETS.firstBannerMs);
    if (typeof banner.navigationToFirstBannerMs === 'number') row('navigation -> first banner, warm cache, no attachment (median)', `${f1(banner.navigationToFirstBannerMs)} ms (all start-up work, before onReady too)`);
    row('onReady -> final banner, no attachment (median)', `${f1(banner.noAttachmentMs)} ms`, `<= ${TARGETS.bannerMs} ms`, banner.noAttachmentMs <= TARGETS.bannerMs);
    row('onReady -> final banner, 10 MB attachment (median)', `${f1(banner.tenMbAttachmentMs)} ms (${(banner.tenMbAttachmentMs / banner.noAttachmentMs).toFixed(1)}x the no-attachment case)`);
    row('cold load -> first banner, 10 Mbit/s, 100 ms RTT', `${f1(banner.coldLoadToFirstBannerMs ?? NaN)} ms`, `<= ${TARGETS.coldLoadMs} ms`, banner.coldLoadToFirstBannerMs <= TARGETS.coldLoadMs);
  } else row('time to banner', 'not measured (the browser measurement failed; see stderr)', `<= ${TARGETS.bannerMs} ms`, false);
  if (dist) {
    row('dist JS loaded at start-up (gzip)', `${f1(dist.total / 1000)} kB`);
    row('dist JS loaded on demand (gzip)', `${f1(dist.lazy / 1000)} kB (${dist.files} files in all)`);
    row('all pane JS (gzip)', `${f1((dist.total + dist.lazy) / 1000)} kB`, `<= ${TARGETS.bundleGzipBytes / 1000} kB`, dist.total + dist.lazy <= TARGETS.bundleGzipBytes);
    row('largest dist JS (gzip)', `${f1(dist.largest.bytes / 1000)} kB ${dist.largest.file}`);
  } else row('dist bundle size', 'not measured (no dist/; run npm run build)');
  if (bundle) row('first-banner JS gzip (entry + first-* chunks)', `${f1(bundle.firstBannerGzip / 1000)} kB`, `<= ${TARGETS.firstBannerGzipBytes / 1000} kB`, bundle.firstBannerGzip <= TARGETS.firstBannerGzipBytes);
}

function paneJson({ banner, dist, bundle }) {
  return {
    timeToBanner: banner,
    dist: dist ? { gzipTotal: dist.total, gzipOnDemand: dist.lazy, largest: dist.largest, firstBannerGzip: bundle ? bundle.firstBannerGzip : null } : null,
  };
}

/** Whether this build's CLI takes --jobs (the worker pool). */
const JOBS_SUPPORTED = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' }).stdout.includes('--jobs');

async function main() {
  if (!fs.existsSync(CORPORA)) die(`corpora not found at ${CORPORA} (../shared/corpora beside the checkout)`);
  if (!fs.existsSync(LIB) || !fs.existsSync(path.join(ROOT, 'build/cli.js'))) die('build/cli.js or build/bench-lib.js missing: run "npm run build:pack && npm run build:cli"');
  const lib = require(LIB);
  const benchStarted = performance.now();
  const files = walk(CORPORA);

  // 1. The CLI, end to end (also warms the OS file cache for step 2).
  const cli = await runCli();

  // 2. In-process: read + parse, then evaluate + format, timed per step in the same pass. The
  //    first pass in this process also pays for compiling the engine's code (JIT warm-up); it is
  //    reported, then MEASURED_PASSES more run, each with a fresh copy of the pack so every
  //    per-pack cache (compiled lists, host look-ups, look-alike verdicts) starts empty again.
  //    The targets are checked on the median pass: one pass swings by 10% on a shared machine.
  const passes = [];
  for (let p = 0; p <= MEASURED_PASSES; p++) passes.push(await inProcessPass(lib, files, JSON.parse(JSON.stringify(lib.EMBEDDED_PACK)), p === 0));
  const [firstPass, ...measured] = passes;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const shareOf = (r) => r.evalMs / r.parseMs;
  const fullOverParseOf = (r) => (r.readMs + r.parseMs + r.evalMs + r.formatMs) / (r.readMs + r.parseMs);
  const engineShare = median(measured.map(shareOf));
  const fullOverParse = median(measured.map(fullOverParseOf));
  const fullOverPostalOf = (r) => r.mailFullMs / (r.mailReadMs + r.postalMs);
  const fullOverPostal = median(measured.map(fullOverPostalOf));
  const floorPass = measured.find((r) => fullOverPostalOf(r) === fullOverPostal) ?? measured[0];
  const middle = measured.find((r) => shareOf(r) === engineShare) ?? measured[0];
  const { messages, sample } = firstPass;

  // 3. A 100,000-indicator admin list: load time, then evaluate cost against the embedded pack.
  const iocText = bigIocText(BIG_LIST_SIZE);
  let t = performance.now();
  const parsed = lib.parseIocFile(iocText, 'bench-100k.txt');
  const parseIocMs = performance.now() - t;
  if (parsed.errors.length > 0) die(`generated IOC list has errors, e.g. ${JSON.stringify(parsed.errors[0])}`);
  t = performance.now();
  const bigPack = lib.mergePacks(lib.EMBEDDED_PACK, { version: 'bench', sources: [], guidance: [], rules: [], lists: parsed.lists });
  const mergeMs = performance.now() - t;
  const policy = { trustedDomains: [], protectedDomains: [] };
  t = performance.now();
  if (sample[0]) lib.evaluate(sample[0], bigPack, policy); // the first call compiles the pack
  const compileMs = performance.now() - t;
  const packLoadMs = parseIocMs + mergeMs + compileMs;
  const indicators = parsed.lists.reduce((n, l) => n + l.entries.length, 0);

  const timeEval = (pack) => {
    const s = performance.now();
    for (const m of sample) lib.evaluate(m, pack, policy);
    return performance.now() - s;
  };
  timeEval(lib.EMBEDDED_PACK); // warm both, then alternate so drift hits both equally
  timeEval(bigPack);
  let small = 0;
  let big = 0;
  for (let round = 0; round < 3; round++) {
    small += timeEval(lib.EMBEDDED_PACK);
    big += timeEval(bigPack);
  }
  const perMsgSmall = small / 3 / sample.length;
  const perMsgBig = big / 3 / sample.length;

  // 4. The task pane, measured in this run too (paneMeasure, below).
  const pane = paneMeasure();

  // 5-7. The scan CLI at scale (previous release, big mbox, many small messages).
  const scale = await scaleBench(files, lib);

  const rows = [];
  const row = (name, value, target, pass) => rows.push({ name, value, target: target ?? '', result: pass === undefined ? '' : pass ? 'PASS' : 'FAIL' });
  const f1 = (x) => x.toFixed(1);
  const pct = (x) => `${(x * 100).toFixed(1)}%`;
  row('corpus files', String(files.length));
  row('CLI messages/second', `${f1(cli.messages / (cli.ms / 1000))} (${cli.messages} msgs + ${cli.records - cli.messages} error records in ${f1(cli.ms / 1000)} s)`);
  row('in-process messages', `${messages} per pass; 1 warm-up + ${MEASURED_PASSES} measured passes`);
  row('full scan / parse-only (median pass)', `${fullOverParse.toFixed(2)}x (passes: ${measured.map((r) => fullOverParseOf(r).toFixed(2)).join(', ')})`, `<= ${TARGETS.fullOverParse}x`, fullOverParse <= TARGETS.fullOverParse);
  row('full scan / postal-mime parse-only, .eml+mbox (median pass)', `${fullOverPostal.toFixed(2)}x (passes: ${measured.map((r) => fullOverPostalOf(r).toFixed(2)).join(', ')})`, `<= ${TARGETS.fullOverPostal}x`, fullOverPostal <= TARGETS.fullOverPostal);
  {
    const p = floorPass;
    const total = p.readMs + p.parseMs + p.evalMs + p.formatMs;
    const part = (ms) => `${f1(ms)} ms (${pct(ms / total)})`;
    row('  where the time goes (all files, that pass)', `read ${part(p.readMs)}, postal-mime ${part(p.postalMs)}, HTML reading ${part(p.htmlMs)}, inspect+hash+normalise ${part(p.parseMs - p.postalMs - p.htmlMs)}, evaluate ${part(p.evalMs)}, output ${part(p.formatMs)}`);
    // What the 1.5x target leaves for everything past postal-mime, against what the HTML reader
    // alone takes on the same messages (same pass): the floor the required parser sets.
    const htmlOverFloor = p.htmlMs / (p.mailReadMs + p.postalMs);
    row('  HTML reading alone (parse5) / postal-mime floor, that pass', `${htmlOverFloor.toFixed(2)}x (${f1(p.htmlMs)} ms against ${f1(p.mailReadMs + p.postalMs)} ms); so full / floor >= ${(1 + htmlOverFloor).toFixed(2)}x with everything else free`);
  }
  row('engine share, evaluate / parse (median pass)', `${pct(engineShare)} (${f1(middle.evalMs)} / ${f1(middle.parseMs)} ms; passes: ${measured.map((r) => pct(shareOf(r))).join(', ')})`, `<= ${pct(TARGETS.engineShare)}`, engineShare <= TARGETS.engineShare);
  row('engine share, first pass (with JIT warm-up)', `${pct(shareOf(firstPass))} (${f1(firstPass.evalMs)} / ${f1(firstPass.parseMs)} ms)`);
  row('evaluate per message, embedded pack', `${(perMsgSmall * 1000).toFixed(1)} µs`);
  row(`evaluate per message, +${indicators} indicators`, `${(perMsgBig * 1000).toFixed(1)} µs`);
  row('big-list / embedded evaluate', `${(perMsgBig / perMsgSmall).toFixed(2)}x`, `<= ${TARGETS.bigListRatio}x`, perMsgBig / perMsgSmall <= TARGETS.bigListRatio);
  row('pack load (parse + merge + compile)', `${f1(packLoadMs)} ms (${f1(parseIocMs)} + ${f1(mergeMs)} + ${f1(compileMs)})`, `<= ${TARGETS.packLoadMs} ms`, packLoadMs <= TARGETS.packLoadMs);
  paneRows(row, pane);
  if (scale.previous.error) row('single-thread scan vs previous release', `not measured: ${scale.previous.error.slice(0, 200)}`, `>= ${TARGETS.fasterThanPrevious}x`, false);
  else {
    const p = scale.previous;
    row(`single-thread scan vs ${p.commit} (best of 2 each)`, `${p.speedup.toFixed(2)}x (${f1(p.oldMs / 1000)} s → ${f1(p.newMs / 1000)} s; ${p.oldRecords} → ${p.newRecords} records)`, `>= ${TARGETS.fasterThanPrevious}x`, p.speedup >= TARGETS.fasterThanPrevious);
  }
  if (scale.jobs) {
    const j = scale.jobs;
    row('--jobs 2 / --jobs 1 over the corpora (best of 2 each)', `${j.speedup.toFixed(2)}x (${f1(j.ms1 / 1000)} s → ${f1(j.ms2 / 1000)} s), output ${j.identical ? 'byte-identical' : 'DIFFERENT'}`, `>= ${TARGETS.jobsSpeedup}x, identical`, j.speedup >= TARGETS.jobsSpeedup && j.identical);
    row('  --jobs 2 with V8\'s inlining budget (920) / with ours (300), best of 2 each', `${(j.v8BudgetMs / j.ms2).toFixed(2)}x the time (${f1(j.v8BudgetMs / 1000)} s against ${f1(j.ms2 / 1000)} s; CPU, all threads, ${f1(j.v8BudgetCpuMs / 1000)} against ${f1(j.budgetCpuMs / 1000)} s)`);
    row('  CPU per message, all threads (--jobs 1)', `${f1(j.cpuPerMessageUs)} µs (${j.records} records)`);
    if (j.mainCpuPerFileUs === null) row('  main-thread CPU per file', 'not measured (needs Linux /proc/self/task)', `<= ${TARGETS.mainPerFileUs} µs`, false);
    else row('  main-thread CPU per file, less start-up', `${f1(j.mainCpuPerFileUs)} µs (${j.files} files; ${f1(j.mainCpuPerFileUsJobs2)} µs with --jobs 2; start-up ${f1(scale.startupMainCpuMs)} ms)`, `<= ${TARGETS.mainPerFileUs} µs`, j.mainCpuPerFileUs <= TARGETS.mainPerFileUs);
    row('  main thread event-loop busy per file (wall; grows with load)', `${f1(j.mainPerFileUs)} µs (${f1(j.mainPerFileUsJobs2)} µs with --jobs 2)`);
    row('  peak RSS --jobs 1 / 2, so per worker', `${f1(j.peakRssMb1)} / ${f1(j.peakRssMb2)} MB, ${f1(j.perWorkerMb)} MB per worker`);
    const perCore = 1e6 / j.cpuPerMessageUs;
    const mainCap = 1e6 / Math.max(1, j.mainCpuPerFileUs ?? j.mainPerFileUs);
    row('  projected messages/s at 16 / 64 cores', `${Math.round(Math.min(16 * perCore, mainCap))} / ${Math.round(Math.min(64 * perCore, mainCap))} (cores x ${Math.round(perCore)}/s, capped by the main thread at ${Math.round(mainCap)}/s)`);
  } else row('--jobs', 'not measured: this build has no --jobs');
  for (const m of scale.mbox) {
    row(`mbox ${m.mb} MB (${m.messages} msgs), mean of ${m.runs}`, `${f1(m.ms / 1000)} s, ${f1(m.msPerMb)} ms/MB wall, ${f1(m.cpuMsPerMb)} ms/MB CPU, peak RSS ${f1(m.peakRssMb)} MB, ${m.records} records, exit ${m.code}`, `<= ${TARGETS.mboxPeakRssMb} MB`, m.peakRssMb <= TARGETS.mboxPeakRssMb && m.records === m.messages);
  }
  for (const m of scale.mboxJobs ?? []) {
    row(
      `--jobs ${m.jobs} (default) / --jobs 1 on the ${f1(m.mb)} MB mbox, mean of ${m.runs} each`,
      `${m.speedup.toFixed(2)}x (${f1(m.ms1 / 1000)} s → ${f1(m.msN / 1000)} s; CPU, all threads, ${f1(m.cpuMs1 / 1000)} → ${f1(m.cpuMsN / 1000)} s), output ${m.identical ? 'byte-identical' : 'DIFFERENT'}`,
      `>= ${TARGETS.jobsSpeedup}x, identical`,
      m.speedup >= TARGETS.jobsSpeedup && m.identical,
    );
  }
  if (scale.mbox.length === 3) {
    const [s, a, b] = scale.mbox;
    const drift = Math.abs(b.msPerMb - a.msPerMb) / a.msPerMb;
    const cpuDrift = Math.abs(b.cpuMsPerMb - a.cpuMsPerMb) / a.cpuMsPerMb;
    row(`mbox time per MB, ${f1(b.mb)} vs ${f1(a.mb)} MB (wall)`, `${pct(drift)} apart (${f1(a.msPerMb)} vs ${f1(b.msPerMb)} ms/MB)`, `<= ${pct(TARGETS.mboxLinearity)}`, drift <= TARGETS.mboxLinearity);
    row(`mbox CPU per MB, ${f1(b.mb)} vs ${f1(a.mb)} MB (all threads)`, `${pct(cpuDrift)} apart (${f1(a.cpuMsPerMb)} vs ${f1(b.cpuMsPerMb)} ms/MB)`, `<= ${pct(TARGETS.mboxLinearity)}`, cpuDrift <= TARGETS.mboxLinearity);
    // Marginal cost: the extra time per extra MB over two stretches of repeated corpus.
    const marginal = (x, y, k) => (y[k] - x[k]) / (y.mb - x.mb);
    const wallLo = marginal(s, a, 'ms');
    const wallHi = marginal(a, b, 'ms');
    const cpuLo = marginal(s, a, 'cpuMs');
    const cpuHi = marginal(a, b, 'cpuMs');
    row(`  marginal per MB, ${f1(s.mb)}→${f1(a.mb)} vs ${f1(a.mb)}→${f1(b.mb)} MB`, `wall ${f1(wallLo)} vs ${f1(wallHi)} ms/MB (${pct(Math.abs(wallHi - wallLo) / wallLo)} apart); CPU ${f1(cpuLo)} vs ${f1(cpuHi)} ms/MB (${pct(Math.abs(cpuHi - cpuLo) / cpuLo)} apart)`);
  }
  row(`${scale.small.messages} small messages`, `${f1(scale.small.ms / 1000)} s (${f1(scale.small.perMessageUs)} µs/msg; main-thread CPU ${scale.small.mainCpuPerFileUs === null ? 'n/a' : `${f1(scale.small.mainCpuPerFileUs)} µs`} per file), peak RSS ${f1(scale.small.peakRssMb)} MB, ${scale.small.records} records`, `<= ${TARGETS.smallFilesPeakRssMb} MB`, scale.small.peakRssMb <= TARGETS.smallFilesPeakRssMb && scale.small.records === scale.small.messages);
  const benchMs = performance.now() - benchStarted;
  row('bench wall time', `${f1(benchMs / 1000)} s`);

  printRows(rows);

  const json = {
    files: files.length,
    cli: { ms: Math.round(cli.ms), messages: cli.messages, records: cli.records, messagesPerSecond: +(cli.messages / (cli.ms / 1000)).toFixed(1) },
    inProcess: [firstPass, ...measured].map((r, i) => ({ pass: i === 0 ? 'warm-up' : i, messages: r.messages, readMs: +r.readMs.toFixed(1), postalMimeMs: +r.postalMs.toFixed(1), htmlReadingMs: +r.htmlMs.toFixed(1), parseMs: +r.parseMs.toFixed(1), evaluateMs: +r.evalMs.toFixed(1), formatMs: +r.formatMs.toFixed(1) })),
    fullOverParse: +fullOverParse.toFixed(3),
    fullOverPostal: +fullOverPostal.toFixed(3),
    scale,
    engineShare: +engineShare.toFixed(4),
    engineShareFirstPass: +shareOf(firstPass).toFixed(4),
    bigList: { indicators, sample: sample.length, perMessageUsEmbedded: +(perMsgSmall * 1000).toFixed(2), perMessageUsBig: +(perMsgBig * 1000).toFixed(2), ratio: +(perMsgBig / perMsgSmall).toFixed(3) },
    packLoadMs: +packLoadMs.toFixed(1),
    ...paneJson(pane),
    pass: rows.filter((r) => r.result).every((r) => r.result === 'PASS'),
    benchMs: Math.round(benchMs),
  };
  console.log(`BENCH ${JSON.stringify(json)}`);
}

function printRows(rows) {
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => [r.name, r.value, r.target][c].length)));
  for (const r of rows) console.log(`${r.name.padEnd(w[0])}  ${r.value.padEnd(w[1])}  ${r.target.padEnd(w[2])}  ${r.result}`);
}

/** `--pane`: the task pane's figures alone (step 4), same table and BENCH line shape. */
function paneOnly() {
  const rows = [];
  const row = (name, value, target, pass) => rows.push({ name, value, target: target ?? '', result: pass === undefined ? '' : pass ? 'PASS' : 'FAIL' });
  const pane = paneMeasure();
  paneRows(row, pane);
  printRows(rows);
  console.log(`BENCH ${JSON.stringify({ ...paneJson(pane), pass: rows.filter((r) => r.result).every((r) => r.result === 'PASS') })}`);
}

if (process.argv.includes('--pane')) paneOnly();
else main().catch((e) => die(e && e.stack ? e.stack : String(e)));
