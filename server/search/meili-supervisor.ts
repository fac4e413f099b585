import { type ExitInfo, type LocalMeilisearch, type StartLocalMeilisearchOptions, startLocalMeilisearch } from './meili-process.ts';

export type SupervisedStatus = 'up' | 'restarting' | 'down';

export interface SupervisorState {
  /** up: serving; restarting: exited and being started again; down: restarts keep failing, or stopped. */
  status: SupervisedStatus;
  /** Successful restarts since Kopir started. */
  restarts: number;
  lastExitAt: Date | null;
}

export interface RestartPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Running this long without an exit resets the delay to initialDelayMs. */
  resetAfterMs: number;
  /** Consecutive failed restarts after which the status is 'down' (restarts go on at maxDelayMs). */
  downAfterFailures: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, resetAfterMs: 60_000, downAfterFailures: 5 };

export interface SupervisedMeilisearch {
  url: string;
  masterKey: string;
  state(): SupervisorState;
  /** Called after each successful restart (e.g. to let the indexer drain what waited). */
  onRestart(listener: () => void): void;
  /** Stops Meilisearch for good: an exit from here on is not restarted. */
  stop(): Promise<void>;
}

/**
 * Starts the bundled Meilisearch and starts it again whenever it exits on its own, with exponential
 * backoff. Restarts keep the port and master key, so clients built on the first URL keep working.
 */
export async function superviseLocalMeilisearch(
  options: StartLocalMeilisearchOptions,
  policy: RestartPolicy = DEFAULT_RESTART_POLICY,
): Promise<SupervisedMeilisearch> {
  const { logger } = options;
  let current: LocalMeilisearch = await startLocalMeilisearch(options);
  const port = Number(new URL(current.url).port);
  const { masterKey } = current;
  const listeners: (() => void)[] = [];
  const state: SupervisorState = { status: 'up', restarts: 0, lastExitAt: null };
  let stopped = false;
  let failures = 0; // exits and failed starts since the process last ran resetAfterMs
  let retryTimer: NodeJS.Timeout | undefined;
  let resetTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;

  const watch = (instance: LocalMeilisearch) => {
    clearTimeout(resetTimer);
    resetTimer = setTimeout(() => (failures = 0), policy.resetAfterMs);
    resetTimer.unref();
    void instance.exited.then((exit) => onExit(instance, exit));
  };

  const onExit = (instance: LocalMeilisearch, exit: ExitInfo) => {
    if (stopped || instance !== current) return;
    clearTimeout(resetTimer);
    state.status = 'restarting';
    state.lastExitAt = new Date();
    // meili-process has logged the exit with Meilisearch's last output; here we say what follows.
    scheduleRestart({ pid: instance.pid, code: exit.code, signal: exit.signal });
  };

  const scheduleRestart = (cause: object) => {
    const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** failures);
    failures += 1;
    logger.warn({ ...cause, attempt: failures, delayMs }, 'Meilisearch will be restarted');
    retryTimer = setTimeout(() => (restarting = restart().finally(() => (restarting = undefined))), delayMs);
    retryTimer.unref();
  };

  const restart = async () => {
    if (stopped) return;
    try {
      const next = await startLocalMeilisearch({ ...options, port, masterKey });
      if (stopped) return await next.stop();
      current = next;
      state.status = 'up';
      state.restarts += 1;
      logger.warn({ pid: next.pid, url: next.url, restarts: state.restarts }, 'Meilisearch restarted');
      watch(next);
      for (const listener of listeners) listener();
    } catch (error) {
      if (stopped) return;
      if (failures >= policy.downAfterFailures) state.status = 'down';
      scheduleRestart({ err: (error as Error).message });
    }
  };

  watch(current);
  return {
    url: current.url,
    masterKey,
    state: () => ({ ...state }),
    onRestart: (listener) => void listeners.push(listener),
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(resetTimer);
      await restarting;
      await current.stop();
      state.status = 'down';
    },
  };
}
