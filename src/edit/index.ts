// Source-preserving edits: the folder's public surface (the lead re-exports it from src/index.ts).
export { applyEdits, checkEdits } from "./apply.js";
export { findNode } from "./address.js";
export { nodeText } from "./node-text.js";
export type {
  Edit,
  EditConflict,
  EditError,
  EditOptions,
  EditResult,
  InsertBesideEdit,
  InsertEdit,
  NodeRef,
  RemoveEdit,
  Replacement,
  ReplaceEdit,
  SetIdentifierEdit,
  TextChange,
} from "./types.js";
