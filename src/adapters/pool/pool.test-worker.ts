/**
 * A worker for pool.test.ts, bundled by the test with esbuild. Each task says how to misbehave,
 * so the pool's limits can be tested without depending on any parser's bugs.
 */
import { serveTasks } from './serve';

export type TestTask =
  | { do: 'echo'; value: number; sleepMs?: number }
  | { do: 'loop' }
  | { do: 'grow' }
  | { do: 'throw' }
  | { do: 'exit' }
  | { do: 'bytes'; bytes: Uint8Array };

export interface TestInit {
  tag: string;
}

serveTasks<TestInit, TestTask, string>((init) => {
  let ran = 0;
  return async (task) => {
    ran++;
    switch (task.do) {
      case 'echo':
        if (task.sleepMs) await new Promise((r) => setTimeout(r, task.sleepMs));
        return `${init.tag}:${task.value}`;
      case 'loop':
        // Never yields: only terminate() can stop it.
        for (;;) ran++;
      case 'grow': {
        const keep: number[][] = [];
        for (;;) keep.push(new Array(100_000).fill(ran));
      }
      case 'throw':
        throw new Error('handler failed');
      case 'exit':
        process.exit(3);
      case 'bytes':
        return `${init.tag}:bytes ${task.bytes.length} ${task.bytes[0]}`;
    }
  };
});
