import { describe, expect, it } from 'vitest';
import { Session } from '../../core/session.js';
import { ConversationCache, EMPTY_CONVERSATION, extendConversation } from './transcript.js';

const session = (id: string, version = 1) => Session.create({ id, agentId: 'a', version });
const talk = (chars: number) =>
  extendConversation(
    EMPTY_CONVERSATION,
    [{ role: 'user', content: 'x'.repeat(chars) }],
    null,
    true,
  );

describe('ConversationCache', () => {
  it('answers only for the version it was stored at', () => {
    const cache = new ConversationCache();
    cache.set(session('s1', 3), EMPTY_CONVERSATION, true);
    expect(cache.get(session('s1', 3), true)).toBe(EMPTY_CONVERSATION);
    expect(cache.get(session('s1', 4), true)).toBeUndefined();
    expect(cache.get(session('s1', 3), true)).toBeUndefined();
  });

  it('an entry without transcript does not answer a request that needs one', () => {
    const cache = new ConversationCache();
    cache.set(session('s1'), EMPTY_CONVERSATION, false);
    expect(cache.get(session('s1'), true)).toBeUndefined();
    cache.set(session('s1'), EMPTY_CONVERSATION, true);
    expect(cache.get(session('s1'), false)).toBe(EMPTY_CONVERSATION);
  });

  it('keeps at most maxSessions entries and maxChars characters, oldest out first', () => {
    const cache = new ConversationCache(2, 100);
    cache.set(session('a'), talk(10), true);
    cache.set(session('b'), talk(10), true);
    cache.set(session('c'), talk(10), true);
    expect(cache.get(session('a'), true)).toBeUndefined();
    expect(cache.get(session('b'), true)).toBeDefined();
    cache.set(session('d'), talk(95), true);
    expect(cache.get(session('c'), true)).toBeUndefined();
    expect(cache.get(session('d'), true)?.transcript[0]?.content).toHaveLength(95);
    cache.set(session('e'), talk(101), true);
    expect(cache.get(session('e'), true)).toBeUndefined();
  });

  it('extendConversation appends the turn and replaces the state', () => {
    const one = extendConversation(
      EMPTY_CONVERSATION,
      [{ role: 'user', content: 'hi' }],
      { n: 1 },
      true,
    );
    const two = extendConversation(one, [{ role: 'assistant', content: 'yo' }], null, true);
    expect(two.transcript.map((m) => m.content)).toEqual(['hi', 'yo']);
    expect(two.previousState).toBeNull();
    expect(one.transcript).toHaveLength(1);
    expect(
      extendConversation(one, [{ role: 'user', content: 'x' }], null, false).transcript,
    ).toEqual([]);
  });
});
