/**
 * A minimal MCP server over stdio (newline-delimited JSON-RPC 2.0) with one tool, `deploy`, so an agent
 * CLI asks its MCP tool permission. Started by the CLI itself from its MCP config:
 *   { "mcpServers": { "lab": { "command": "node", "args": ["<repo>/dist/lab/servers/mcp-stdio.js"] } } }
 */
import { createInterface } from 'node:readline';

interface Request {
  jsonrpc: '2.0';
  id?: number | string;
  method: string;
  params?: Record<string, unknown>;
}

const TOOLS = [
  {
    name: 'deploy',
    description: 'Deploy the service to an environment.',
    inputSchema: {
      type: 'object',
      properties: { environment: { type: 'string', description: 'staging or production' } },
      required: ['environment'],
    },
  },
];

function answer(req: Request): unknown {
  switch (req.method) {
    case 'initialize':
      return {
        protocolVersion: req.params?.['protocolVersion'] ?? '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'lab', version: '1.0.0' },
      };
    case 'tools/list':
      return { tools: TOOLS };
    case 'tools/call':
      return { content: [{ type: 'text', text: 'Deployed.' }] };
    default:
      return {}; // ping, resources/list, prompts/list …: empty is harmless
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const req = JSON.parse(line) as Request;
  if (req.id === undefined) continue; // a notification
  process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: req.id, result: answer(req) })}\n`);
}
