export type { ProbeOptions, ProbeResult, ProbeTarget, ProbeVerdict } from './types';
export { probeKey } from './probe-key';
export { defaultProbeOptions, probeImages } from './probe-images';
