/** Where one turn goes (src/core/router.ts decides it); its own module so intents can name it without importing the router. */
import type { ActionInput } from './turn.js';

export type Route =
  | { kind: 'action'; intent: string; action: ActionInput }
  | { kind: 'command'; intent: string; args: string }
  | { kind: 'unknown-command'; command: string }
  | { kind: 'interrupt'; word: 'cancel' | 'help' }
  | { kind: 'dialog'; intent: string }
  | { kind: 'intent'; intent: string; confidence: number }
  | { kind: 'classified'; intent: string; confidence: number }
  | { kind: 'fallback'; intent: 'search' | 'help'; confidence: number };
