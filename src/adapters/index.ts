/** The platform adapters `serve` mounts, in order. Each returns null when it is not configured. */
import type { AdapterFactory } from './platform.js';

export const adapterFactories: AdapterFactory[] = [];
