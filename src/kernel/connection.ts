/** Reading the connection file Jupyter hands to a kernel at start. */
import * as fs from 'fs';

export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
}

const PORTS = ['shell_port', 'control_port', 'iopub_port', 'stdin_port', 'hb_port'] as const;

/** Parses and checks a connection file; throws naming the bad field. */
export function readConnectionFile(file: string): ConnectionInfo {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const port of PORTS) {
    if (typeof raw[port] !== 'number') throw new Error(`connection file ${file}: ${port} must be a number`);
  }
  const scheme = (raw.signature_scheme as string | undefined) ?? 'hmac-sha256';
  if (scheme !== 'hmac-sha256') throw new Error(`connection file ${file}: unsupported signature_scheme ${scheme}`);
  return {
    transport: (raw.transport as string | undefined) ?? 'tcp',
    ip: (raw.ip as string | undefined) ?? '127.0.0.1',
    key: (raw.key as string | undefined) ?? '',
    signature_scheme: scheme,
    shell_port: raw.shell_port as number,
    control_port: raw.control_port as number,
    iopub_port: raw.iopub_port as number,
    stdin_port: raw.stdin_port as number,
    hb_port: raw.hb_port as number,
  };
}

/** The ZeroMQ address of one port. */
export function address(info: ConnectionInfo, port: number): string {
  return info.transport === 'ipc' ? `ipc://${info.ip}-${port}` : `${info.transport}://${info.ip}:${port}`;
}
