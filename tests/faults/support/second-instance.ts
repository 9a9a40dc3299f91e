import type { HotlineOptions } from '../../../src/composition-root';
import { startInstanceOn, type RunningTestInstance, type TestHotline } from '../../support/test-hotline';

export type ExtraInstance = RunningTestInstance;

/**
 * Another hotline instance on the same database as `t`, in this process, on its own port and database
 * connections: what a load balancer's second backend would be.
 */
export function anotherInstanceOf(t: TestHotline, options: HotlineOptions = {}): Promise<ExtraInstance> {
  return startInstanceOn(t.db.url, { ...options, env: { LOG_LEVEL: 'silent' } });
}
