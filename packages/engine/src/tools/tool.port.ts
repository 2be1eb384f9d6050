/** A callable tool as the engine sees it (MCP tools are adapted to this). */
export interface ToolCallResult {
  isError: boolean;
  text: string;
}

export interface ToolPort {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  inputSchema: Record<string, unknown>;
  call(
    args: Record<string, unknown>,
    options: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<ToolCallResult>;
}

/** Which tools a node asks for: a server name and optionally a subset of its tools. */
export interface ToolSelection {
  server: string;
  tools?: string[];
}

/** Tools resolved for one node execution; `close()` releases connections afterwards. */
export interface ToolSet {
  tools: ToolPort[];
  close(): Promise<void>;
}
