// Filled by the contract work of issue 16 (see index.ts).
export {};
