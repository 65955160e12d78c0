import { eachLimited } from './each-limited';

const tick = () => new Promise((r) => setImmediate(r));

describe('eachLimited: a launch’s starts, bounded', () => {
  it('runs every item, never more than the limit at once', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited(Array.from({ length: 50 }, (_, i) => i), 16, async (i) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await tick();
      done.push(i);
      inFlight -= 1;
    });
    expect(most).toBe(16);
    expect([...done].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('takes no new item after the first failure, lets those in flight finish, and rethrows that failure', async () => {
    const started: number[] = [];
    const run = eachLimited(Array.from({ length: 100 }, (_, i) => i), 4, async (i) => {
      started.push(i);
      await tick();
      if (i === 5) throw new Error('Temporal is down');
    });
    await expect(run).rejects.toThrow('Temporal is down');
    expect(started.length).toBeLessThanOrEqual(10);
    expect(started).toContain(5);
  });

  it('does nothing for no items', async () => {
    await expect(eachLimited([], 16, () => Promise.reject(new Error('never')))).resolves.toBeUndefined();
  });
});
