// OrkestaError: the Error subclass the SDK rejects with. Its fields are the
// Rust type OrkestaErrorDetails (sdk-wasm/src/error.rs).
export class OrkestaError extends Error {
  constructor(details) {
    super(details.message);
    this.name = "OrkestaError";
    this.code = details.code;
    this.reason = details.reason;
    this.field = details.field;
    this.status = details.status;
  }
}
