import { describe, expect, it } from 'vitest';
import { parseExecArgs, responsesUrl } from './exec-args.js';

describe('parseExecArgs', () => {
  it('reads the options the Codex SDK passes, with resume and its id after them', () => {
    const args = parseExecArgs([
      'exec',
      '--experimental-json',
      '--config',
      'model_provider="fake"',
      '--config',
      'model_providers.fake.base_url="http://127.0.0.1:9/v1/"',
      '--model',
      'gpt-5.5',
      '--sandbox',
      'workspace-write',
      '--cd',
      '/w',
      '--skip-git-repo-check',
      'resume',
      'abc',
      '--image',
      '/i.png',
    ]);
    expect(args).toMatchObject({
      model: 'gpt-5.5',
      sandbox: 'workspace-write',
      cd: '/w',
      skipGitRepoCheck: true,
      resume: 'abc',
      images: ['/i.png'],
    });
    expect(responsesUrl(args)).toBe('http://127.0.0.1:9/v1/responses');
  });

  it('defaults: no resume, no git check skip, the OpenAI URL or openai_base_url', () => {
    const args = parseExecArgs(['exec', '--experimental-json']);
    expect(args.resume).toBeUndefined();
    expect(args.skipGitRepoCheck).toBe(false);
    expect(responsesUrl(args)).toBe('https://api.openai.com/v1/responses');
    const based = parseExecArgs(['exec', '--config', 'openai_base_url="http://h/v1"']);
    expect(responsesUrl(based)).toBe('http://h/v1/responses');
  });
});
