import { describe, expect, it } from 'vitest';
import { Session } from '../../core/session.js';
import type { TranscriptMessage } from '../../ports/adapter-execution.js';
import {
  type Conversation,
  ConversationCache,
  EMPTY_CONVERSATION,
  extendConversation,
} from './transcript.js';

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

/** `count` messages whose `content` reads are counted in `reads.n`. */
function countedMessages(count: number, reads: { n: number }) {
  return Array.from({ length: count }, (_, i) => ({
    role: 'user' as const,
    get content() {
      reads.n++;
      return `m${i}`;
    },
  }));
}

/** Run `turns` turns on a conversation seeded with `seed` messages; content reads per turn. */
function readsPerTurn(seed: number, turns: number): number[] {
  const reads = { n: 0 };
  const cache = new ConversationCache();
  let conversation: Conversation = {
    transcript: countedMessages(seed, reads),
    previousState: null,
  };
  const perTurn: number[] = [];
  for (let turn = 1; turn <= turns; turn++) {
    const before = reads.n;
    const s = session('s1', turn);
    conversation = cache.get(s, true) ?? conversation;
    const next = extendConversation(
      conversation,
      [
        { role: 'user', content: `q${turn}` },
        { role: 'assistant', content: `a${turn}` },
      ],
      { turn },
      true,
    );
    cache.set(session('s1', turn + 1), next, true);
    conversation = next;
    perTurn.push(reads.n - before);
  }
  return perTurn;
}

describe('conversation work per turn', () => {
  it('a turn reads no earlier message once the conversation is known (constant as it grows)', () => {
    for (const seed of [10, 1000]) {
      const perTurn = readsPerTurn(seed, 50);
      // The first turn may read the seed once; every later turn reads none of the earlier ones.
      expect(perTurn.slice(1)).toEqual(Array(49).fill(0));
    }
  });

  it('extending reads each new message once and leaves earlier conversations as they were', () => {
    const reads = { n: 0 };
    let conversation: Conversation = extendConversation(
      EMPTY_CONVERSATION,
      countedMessages(100, reads),
      null,
      true,
    );
    const first = conversation;
    for (let turn = 1; turn <= 200; turn++) {
      conversation = extendConversation(
        conversation,
        [{ role: 'assistant', content: `a${turn}` }],
        null,
        true,
      );
    }
    expect(reads.n).toBe(100);
    expect(conversation.transcript).toHaveLength(300);
    expect(conversation.transcript[299]?.content).toBe('a200');
    expect(first.transcript).toHaveLength(100);
    expect(first.transcript[99]?.content).toBe('m99');
  });

  it('the transcript an adapter gets cannot change the cached conversation', () => {
    const one = extendConversation(
      EMPTY_CONVERSATION,
      [{ role: 'user', content: 'hi' }],
      null,
      true,
    );
    const two = extendConversation(one, [{ role: 'assistant', content: 'yo' }], null, true);
    const handed = two.transcript as TranscriptMessage[];
    expect(Object.isFrozen(handed)).toBe(true);
    expect(Object.isFrozen(handed[0])).toBe(true);
    expect(() => handed.push({ role: 'user', content: 'evil' })).toThrow(TypeError);
    expect(() => {
      (handed[0] as { content: string }).content = 'evil';
    }).toThrow(TypeError);
    const three = extendConversation(two, [{ role: 'user', content: 'q' }], null, true);
    expect(three.transcript.map((m) => m.content)).toEqual(['hi', 'yo', 'q']);
    expect(two.transcript.map((m) => m.content)).toEqual(['hi', 'yo']);
  });

  it('a fork of an earlier conversation does not change the later one', () => {
    const one = extendConversation(
      EMPTY_CONVERSATION,
      [{ role: 'user', content: 'a' }],
      null,
      true,
    );
    const two = extendConversation(one, [{ role: 'user', content: 'b' }], null, true);
    const fork = extendConversation(one, [{ role: 'user', content: 'c' }], null, true);
    const three = extendConversation(two, [{ role: 'user', content: 'd' }], null, true);
    expect(two.transcript.map((m) => m.content)).toEqual(['a', 'b']);
    expect(fork.transcript.map((m) => m.content)).toEqual(['a', 'c']);
    expect(three.transcript.map((m) => m.content)).toEqual(['a', 'b', 'd']);
  });

  it('a conversation over maxChars stays cached (alone) instead of being read again every run', () => {
    const cache = new ConversationCache(10, 100);
    cache.set(session('a'), talk(10), true);
    cache.set(session('big'), talk(150), true);
    expect(cache.get(session('big'), true)?.transcript[0]?.content).toHaveLength(150);
    expect(cache.get(session('a'), true)).toBeUndefined();
    // The next conversation stored pushes the big one out, as the oldest.
    cache.set(session('b'), talk(10), true);
    expect(cache.get(session('big'), true)).toBeUndefined();
    expect(cache.get(session('b'), true)).toBeDefined();
  });
});
