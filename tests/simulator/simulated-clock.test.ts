import { SimulatedClock } from '../../src/simulator/simulated-clock';

async function actor(clock: SimulatedClock, log: string[], name: string, waits: number[]): Promise<void> {
  clock.enter();
  for (const seconds of waits) {
    await clock.park(seconds).done;
    log.push(`${name}@${clock.now()}`);
  }
  clock.leave();
}

describe('SimulatedClock', () => {
  it('when actors park, then time jumps from timer to timer in order without real waiting', async () => {
    const clock = new SimulatedClock();
    const log: string[] = [];
    const started = Date.now();

    await Promise.all([actor(clock, log, 'a', [3600, 1]), actor(clock, log, 'b', [10, 5000])]);

    expect(log).toEqual(['b@10', 'a@3600', 'a@3601', 'b@5010']);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('when an actor is still busy, then time does not move for the others', async () => {
    const clock = new SimulatedClock();
    const log: string[] = [];
    clock.enter();
    const waiting = actor(clock, log, 'a', [5]);
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect(log).toEqual([]);
    expect(clock.now()).toBe(0);
    clock.leave();
    await waiting;
    expect(log).toEqual(['a@5']);
  });

  it('when a parked actor is woken, then it resumes at the current time', async () => {
    const clock = new SimulatedClock();
    clock.enter();
    const parked = clock.park(100);
    clock.at(7, () => parked.wake());

    expect(await parked.done).toBe('woken');
    expect(clock.now()).toBe(7);
    clock.leave();
  });

  it('when every actor waits without a timer, then they are woken with deadlock', async () => {
    const clock = new SimulatedClock();
    clock.enter();

    expect(await clock.park(null).done).toBe('deadlock');
    clock.leave();
  });

  it('when realtime is on, then simulated seconds take real time', async () => {
    const clock = new SimulatedClock({ realtime: true });
    const started = Date.now();

    await actor(clock, [], 'a', [0.2]);

    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
