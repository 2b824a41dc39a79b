import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { forWorkspace, parsePerWorkspace } from '../src/workspace-settings.js';

describe('per-workspace settings (CURATORS, NETWORK_CHANNEL)', () => {
  it('reads several workspaces, Teams ids with colons included', () => {
    const s = parsePerWorkspace('slack:T01=U1,U2; teams:tid-1=29:1aBc ;console:local=maria');
    if (typeof s === 'string') throw new Error(s);
    expect(forWorkspace(s, 'slack', 'T01')).toEqual(['U1', 'U2']);
    expect(forWorkspace(s, 'teams', 'tid-1')).toEqual(['29:1aBc']);
    expect(forWorkspace(s, 'console', 'local')).toEqual(['maria']);
    expect(forWorkspace(s, 'slack', 'T02')).toEqual([]);
  });

  it('names the entry that is wrong', () => {
    expect(parsePerWorkspace('slack:T01=U1; U2')).toMatch(/entry 2/);
    expect(parsePerWorkspace('mattermost:T01=U1')).toMatch(/platform must be one of/);
    expect(parsePerWorkspace('slack:T01=U1;slack:T01=U3')).toMatch(/given twice/);
    expect(parsePerWorkspace('slack:T01=C1,C2', { single: true })).toMatch(/one value/);
  });

  it('is read by loadConfig, and a bad value is a config error naming the variable', () => {
    const c = loadConfig({ CURATORS: 'slack:T01=U1', NETWORK_CHANNEL: 'slack:T01=C9' });
    expect(forWorkspace(c.curators, 'slack', 'T01')).toEqual(['U1']);
    expect(forWorkspace(c.networkChannels, 'slack', 'T01')).toEqual(['C9']);
    expect(() => loadConfig({ CURATORS: 'nonsense' })).toThrow(/CURATORS: entry 1/);
  });
});
