import { isRecord } from "./pod-spec.js";

/**
 * The values the API server gives a probe's fields that are left out (SetDefaults_Probe and
 * SetDefaults_HTTPGetAction in Kubernetes' pkg/apis/core/v1, and GRPCAction's declared default): what
 * the kubelet runs. Changes `probe` in place; callers pass a copy of what they must keep.
 */
export function applyProbeDefaults(probe: Record<string, unknown>): void {
  // Go reads a field that is left out, null or 0 as unset.
  const unset = (k: string) => probe[k] === undefined || probe[k] === null || probe[k] === 0;
  if (unset("timeoutSeconds")) probe.timeoutSeconds = 1;
  if (unset("periodSeconds")) probe.periodSeconds = 10;
  if (unset("successThreshold")) probe.successThreshold = 1;
  if (unset("failureThreshold")) probe.failureThreshold = 3;
  applyHttpGetDefaults(probe);
  const grpc = probe.grpc;
  if (isRecord(grpc) && (grpc.service === undefined || grpc.service === null)) grpc.service = "";
}

/** A probe's or lifecycle handler's httpGet: path "/" and scheme HTTP when left out. */
export function applyHttpGetDefaults(handler: Record<string, unknown>): void {
  const get = handler.httpGet;
  if (!isRecord(get)) return;
  if (get.path === undefined || get.path === null || get.path === "") get.path = "/";
  if (get.scheme === undefined || get.scheme === null || get.scheme === "") get.scheme = "HTTP";
}
