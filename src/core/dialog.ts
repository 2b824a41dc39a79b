/** The active dialog of a user in a conversation (kept in the `dialog` namespace). A leaf: imports nothing. */
export interface DialogState<S = unknown> {
  intent: string;
  state: S;
  updatedAt: string;
}

export interface DialogHandle {
  get<S>(): Promise<DialogState<S> | undefined>;
  set<S>(intent: string, state: S): Promise<void>;
  clear(): Promise<void>;
}
