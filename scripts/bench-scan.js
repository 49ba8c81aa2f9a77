'use strict';
/**
 * The scan CLI at archive scale, for `npm run bench` (scripts/bench.js calls these):
 *
 *  - runCli(): one run of a CLI build, timed, with the process's peak RSS (read by a preload
 *    hook from process.resourceUsage(), workers included) and a SHA-256 of stdout, so two runs
 *    can be compared byte for byte without keeping the output;
 *  - buildPreviousRelease(): the release before this change (commit PREVIOUS_RELEASE), built
 *    into a temp dir from `git archive` with this checkout's node_modules, so old and new are
 *    timed in the same run on the same machine;
 *  - writeMbox(): an mbox of the given size made of corpus messages repeated (mboxrd-quoted);
 *  - writeSmallMessages(): a directory tree of N small messages.
 */
const { spawn, spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { performance } = require('perf_hooks');

/** The last commit before the issue-11 CLI work: "today's" CLI for the speed comparison. */
const PREVIOUS_RELEASE = 'ab7542d';

let preload;
function preloadFile() {
  if (preload) return preload;
  preload = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mfg-bench-')), 'maxrss.js');
  // At exit: peak RSS (kB, the whole process: workers are threads of it), CPU time of all threads
  // (µs), the main thread's busy time (ms, from its event loop: wall time, so it grows when the
  // thread is descheduled on a loaded machine) and, on Linux, the main thread's own CPU time (ms,
  // from /proc/self/task/PID/stat: utime + stime, in clock ticks of 10 ms). Workers load the
  // preload too; only the main thread reports.
  fs.writeFileSync(
    preload,
    "const { isMainThread } = require('worker_threads');\n" +
      "const { performance } = require('perf_hooks');\n" +
      "function mainCpuMs() { try { const s = require('fs').readFileSync('/proc/self/task/' + process.pid + '/stat', 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return ((+f[11] + +f[12]) * 1000) / 100; } catch { return null; } }\n" +
      "if (isMainThread) process.on('exit', () => { try { const u = process.resourceUsage(); const elu = performance.eventLoopUtilization();\n" +
      "  require('fs').writeSync(2, '\\nBENCH_USAGE ' + JSON.stringify({ maxRssKb: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime, mainActiveMs: elu.active, mainCpuMs: mainCpuMs() }) + '\\n'); } catch {} });\n",
  );
  return preload;
}

/** Runs `node [opts.nodeArgs] [--require maxrss] cli args…`; resolves with time, exit code, peak RSS (kB), stdout size and hash, records. */
function runCli(cli, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--require', preloadFile(), cli, ...args], { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      hash.update(chunk);
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => {
      stderr += c;
      if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19));
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const m = /BENCH_USAGE (\{.*\})/.exec(stderr);
      const usage = m ? JSON.parse(m[1]) : { maxRssKb: NaN, cpuUs: NaN, mainActiveMs: NaN, mainCpuMs: null };
      if (code === 2 || code === null) reject(new Error(`${path.basename(cli)} ${args.join(' ')} exited ${code}: ${stderr.slice(0, 800)}`));
      else resolve({ ms, code, maxRssMb: usage.maxRssKb / 1024, cpuMs: usage.cpuUs / 1000, mainActiveMs: usage.mainActiveMs, mainCpuMs: usage.mainCpuMs, bytes, lines, sha256: hash.digest('hex'), stderr });
    });
  });
}

/** Builds PREVIOUS_RELEASE's CLI in a temp dir; returns the path of its bin script, or an error text. */
function buildPreviousRelease(root) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mfg-prev-${PREVIOUS_RELEASE}-`));
  const tar = spawnSync('sh', ['-c', `git -C "${root}" archive ${PREVIOUS_RELEASE} | tar -x -C "${dir}"`], { encoding: 'utf8' });
  if (tar.status !== 0) return { error: `git archive ${PREVIOUS_RELEASE} failed: ${tar.stderr}` };
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  for (const script of ['scripts/build-pack.js', 'scripts/build-cli.js']) {
    const r = spawnSync(process.execPath, [script], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) return { error: `${PREVIOUS_RELEASE} ${script} failed: ${r.stderr || r.stdout}` };
  }
  return { dir, cli: path.join(dir, 'bin/mirrorface-guard.js'), commit: PREVIOUS_RELEASE };
}

/** A message's first line is a header field that mail starts with (licence and README files are not). */
const MAIL_START = /^(?:return-path|received|delivered-to|from|date|message-id|subject|to|mime-version|x-[\w-]+):/i;

/** Corpus messages (.eml files and the messages of mbox files) below 256 kB, as mboxrd entries. */
function mboxEntries(files, lib) {
  const out = [];
  for (const f of files) {
    const b = fs.readFileSync(f);
    if (b.length > 256 * 1024) continue;
    const format = lib.sniffMessageFormat(b);
    const messages = format === 'mbox' ? lib.splitMbox(b).messages : format === 'eml' ? [b] : [];
    for (const m of messages) {
      const text = Buffer.from(m).toString('latin1');
      if (!MAIL_START.test(text)) continue;
      const quoted = text.replace(/^(>*From )/gm, '>$1');
      out.push(Buffer.from(`From bench@example.org Mon Mar  3 10:00:00 2025\n${quoted}${quoted.endsWith('\n') ? '' : '\n'}\n`, 'latin1'));
    }
  }
  return out;
}

/** Writes an mbox of about `bytes` bytes from the entries, repeated in order; returns its message count. */
function writeMbox(file, entries, bytes) {
  const fd = fs.openSync(file, 'w');
  let written = 0;
  let messages = 0;
  try {
    while (written < bytes) {
      for (const e of entries) {
        fs.writeSync(fd, e);
        written += e.length;
        messages++;
        if (written >= bytes) break;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes: written, messages };
}

/** N small messages in folders of 1,000 (as a mail store or a unpacked export lays them out). */
function writeSmallMessages(dir, n) {
  for (let i = 0; i < n; i++) {
    const sub = path.join(dir, String(Math.floor(i / 1000)).padStart(3, '0'));
    if (i % 1000 === 0) fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(
      path.join(sub, `${i}.eml`),
      `From: Sender ${i} <sender${i}@example.org>\r\nTo: team@example.org\r\nSubject: Note ${i}\r\nDate: Tue, 04 Mar 2025 10:00:00 +0900\r\nMessage-ID: <n${i}@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello, this is note ${i}. See https://www.example.org/notes/${i} for details.\r\n`,
    );
  }
}

module.exports = { runCli, buildPreviousRelease, mboxEntries, writeMbox, writeSmallMessages, PREVIOUS_RELEASE };
