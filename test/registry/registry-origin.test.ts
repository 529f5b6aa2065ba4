import { describe, expect, it } from 'vitest';
import { PlainHttpPolicy, registryOrigin } from '../../src/registry/registry-origin';

describe('registryOrigin', () => {
  const none = new PlainHttpPolicy([]);

  it('serves Docker Hub from registry-1.docker.io', () => {
    expect(registryOrigin('docker.io', none)).toBe('https://registry-1.docker.io');
    expect(registryOrigin('index.docker.io', none)).toBe('https://registry-1.docker.io');
  });

  it('uses HTTPS for other registries, keeping the port', () => {
    expect(registryOrigin('ghcr.io', none)).toBe('https://ghcr.io');
    expect(registryOrigin('registry.example.com:8443', none)).toBe('https://registry.example.com:8443');
  });

  it('uses plain HTTP for loopback hosts', () => {
    expect(registryOrigin('127.0.0.1:5000', none)).toBe('http://127.0.0.1:5000');
    expect(registryOrigin('127.1.2.3', none)).toBe('http://127.1.2.3');
    expect(registryOrigin('localhost:5000', none)).toBe('http://localhost:5000');
    expect(registryOrigin('[::1]:5000', none)).toBe('http://[::1]:5000');
  });

  it('uses plain HTTP for hosts marked insecure, by name or by name and port', () => {
    const policy = new PlainHttpPolicy(['registry.lan', 'other.lan:5000']);
    expect(registryOrigin('registry.lan:5000', policy)).toBe('http://registry.lan:5000');
    expect(registryOrigin('other.lan:5000', policy)).toBe('http://other.lan:5000');
    expect(registryOrigin('other.lan:6000', policy)).toBe('https://other.lan:6000');
  });
});
