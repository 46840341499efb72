/** The engine in its own thread, without a database: the same answers, the policy applied there, a clean stop, a crash reported. */
import { afterEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, type Actor } from '../../../server/src/access/actor.js';
import { Role } from '../../../server/src/access/levels.js';
import { WorkerEngine } from '../../../server/src/search/engine-host.js';
import { publicInterview, researchInterview, segment } from './fixtures.js';

const editor: Actor = { userId: 'e1', roles: [Role.editor] };
const teacher: Actor = { userId: 't1', roles: [Role.teacher] };
const now = new Date();
const engines: WorkerEngine[] = [];

function start(onExit?: (err: Error) => void) {
  const engine = new WorkerEngine({ onExit });
  engines.push(engine);
  return engine;
}

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
});

describe('the engine thread', () => {
  it('answers with the policy applied in the thread: restricted text absent for the public and teachers, present for staff', async () => {
    const engine = start();
    await engine.add([
      segment('Біз Қазақстан жеріне келдік.', { interviewId: 'open', facets: { ethnicGroups: ['koreans'] }, access: { interview: publicInterview } }),
      segment('Казахстан секретная история.', {
        interviewId: 'closed', facets: { ethnicGroups: ['koreans', 'chechens'] }, access: { interview: researchInterview },
      }),
    ]);
    expect(engine.size).toBe(2);
    for (const actor of [ANONYMOUS, teacher]) {
      const res = await engine.query('Kazakhstan', { facets: ['ethnicGroups'] }, { actor, now });
      expect(res.hits.map((h) => h.interviewId)).toEqual(['open']);
      expect(JSON.stringify(res)).not.toContain('секретная');
      expect(res.facets.ethnicGroups).toEqual([{ value: 'koreans', count: 1 }]);
    }
    const staff = await engine.query('Kazakhstan', {}, { actor: editor, now });
    expect(staff.hits.map((h) => h.interviewId).sort()).toEqual(['closed', 'open']);
  });

  it('finds an edit once the update has been applied', async () => {
    const engine = start();
    await engine.add([segment('Бұрынғы мәтін.', { interviewId: 'e' })]);
    expect((await engine.query('Verny', {}, { actor: ANONYMOUS, now })).total).toBe(0);
    await engine.removeInterview('e');
    await engine.add([segment('Верный деген қала.', { interviewId: 'e' })]);
    expect((await engine.query('Verny', {}, { actor: ANONYMOUS, now })).total).toBe(1);
    expect((await engine.query('Бұрынғы', {}, { actor: ANONYMOUS, now })).total).toBe(0);
  });

  it('stops cleanly: what is still asked is rejected, and nothing is reported as a crash', async () => {
    const exits: Error[] = [];
    const engine = start((err) => exits.push(err));
    await engine.add([segment('Алматы.')]);
    const pending = engine.add(Array.from({ length: 2000 }, (_, i) => segment(`Алматыда ${i} жыл.`)));
    await engine.stop();
    await expect(pending).rejects.toThrow(/stopped/);
    await expect(engine.query('Алматы', {}, { actor: ANONYMOUS, now })).rejects.toThrow(/stopped/);
    expect(engine.alive).toBe(false);
    expect(exits).toEqual([]);
  });

  it('reports a thread that dies, and rejects what it was asked', async () => {
    let reported: (err: Error) => void = () => {};
    const exited = new Promise<Error>((resolve) => (reported = resolve));
    const engine = start((err) => reported(err));
    await engine.add([segment('Алматы.')]);
    const pending = engine.add(Array.from({ length: 2000 }, (_, i) => segment(`Алматыда ${i} жыл.`)));
    // From outside, as an out-of-memory kill would: not through stop().
    await engine.worker.terminate();
    expect((await exited).message).toMatch(/exited/);
    await expect(pending).rejects.toThrow(/exited/);
    expect(engine.alive).toBe(false);
  });

  it('surfaces an error thrown inside the thread on the request, and keeps serving', async () => {
    const engine = start();
    // Not iterable: the engine's filter compiler throws in the thread.
    const bad = { kinds: { length: 1 } } as never;
    await expect(engine.query('x', { filters: bad }, { actor: ANONYMOUS, now })).rejects.toThrow(/^search engine: .*iterable/);
    // Not copyable into a message at all: refused before it is sent.
    await expect(engine.query('x', { filters: { recordedFrom: Symbol('bad') as never } }, { actor: ANONYMOUS, now })).rejects.toThrow();
    await engine.add([segment('Алматы.')]);
    expect((await engine.query('Алматы', {}, { actor: ANONYMOUS, now })).total).toBe(1);
  });
});
