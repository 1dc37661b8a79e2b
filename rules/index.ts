import type { Rule } from "../src/engine/rule.js";
// Input
import yamlSyntax from "./yaml-syntax.js";
import duplicateKey from "./duplicate-key.js";
import unreadableFile from "./unreadable-file.js";
import kustomizeBuild from "./kustomize-build.js";
import helmTemplate from "./helm-template.js";
// Pod security
import runAsNonRoot from "./run-as-non-root.js";
import allowPrivilegeEscalation from "./allow-privilege-escalation.js";
import readOnlyRootFilesystem from "./read-only-root-filesystem.js";
import dropAllCapabilities from "./drop-all-capabilities.js";
import seccompProfile from "./seccomp-profile.js";
import procMount from "./proc-mount.js";
import unsafeSysctls from "./unsafe-sysctls.js";
import podSecurityAdmission from "./pod-security-admission.js";
import lowUidGid from "./low-uid-gid.js";
import serviceAccountToken from "./service-account-token.js";
import defaultServiceAccount from "./default-service-account.js";
// Privileged workloads, secrets and justifications
import privilegedContainer from "./privileged-container.js";
import hostNamespaces from "./host-namespaces.js";
import hostPathVolume from "./host-path-volume.js";
import dangerousCapabilities from "./dangerous-capabilities.js";
import hostPort from "./host-port.js";
import committedSecret from "./committed-secret.js";
import hardcodedCredential from "./hardcoded-credential.js";
import unusedJustification from "./unused-justification.js";
// Resources and reliability
import resourceRequests from "./resource-requests.js";
import resourceLimits from "./resource-limits.js";
import imageTag from "./image-tag.js";
import livenessProbe from "./liveness-probe.js";
import readinessProbe from "./readiness-probe.js";
import replicaAvailability from "./replica-availability.js";
import imagePullPolicy from "./image-pull-policy.js";
// Cross-resource: references and order
import missingReference from "./missing-reference.js";
import applyOrder from "./apply-order.js";
import envVarReference from "./env-var-reference.js";
import startupOrder from "./startup-order.js";
// Schema and API versions
import schema from "./schema.js";
import admissionPolicy from "./admission-policy.js";
import crdValidation from "./crd-validation.js";
import deprecatedApi from "./deprecated-api.js";
// RBAC, Ingress and namespaces
import rbacWildcard from "./rbac-wildcard.js";
import rbacSecretsAccess from "./rbac-secrets-access.js";
import clusterAdminBinding from "./cluster-admin-binding.js";
import rbacDangerousGrant from "./rbac-dangerous-grant.js";
import rbacRiskySubject from "./rbac-risky-subject.js";
import serviceExposure from "./service-exposure.js";
import ingressTls from "./ingress-tls.js";
import defaultNamespace from "./default-namespace.js";
// Cross-resource: selectors, disruption budgets, StatefulSets, duplicates
import pdbMissing from "./pdb-missing.js";
import pdbBlocksEviction from "./pdb-blocks-eviction.js";
import danglingSelector from "./dangling-selector.js";
import selectorMismatch from "./selector-mismatch.js";
import antiAffinity from "./anti-affinity.js";
import statefulsetServiceName from "./statefulset-service-name.js";
import statefulsetVolumeClaims from "./statefulset-volume-claims.js";
import readWriteOnceClaim from "./read-write-once-claim.js";
import duplicateObject from "./duplicate-object.js";
import duplicateEnvVar from "./duplicate-env-var.js";
import duplicatePort from "./duplicate-port.js";
import hpaReplicasConflict from "./hpa-replicas-conflict.js";
import networkPolicy from "./network-policy.js";
// What the API server refuses although the schemas accept it
import invalidName from "./invalid-name.js";
import invalidLabel from "./invalid-label.js";
import invalidPortName from "./invalid-port-name.js";
import serviceTargetPort from "./service-target-port.js";
import requestsAboveLimits from "./requests-above-limits.js";
import resourceUnits from "./resource-units.js";
import jobRestartPolicy from "./job-restart-policy.js";
import pdbBudget from "./pdb-budget.js";
import volumeMount from "./volume-mount.js";
import apiValidation from "./api-validation.js";
// Pod Security Standards baseline: AppArmor, SELinux, Windows host processes
import apparmorProfile from "./apparmor-profile.js";
import selinuxOptions from "./selinux-options.js";
import hostProcess from "./host-process.js";
// Probes
import probePort from "./probe-port.js";
import identicalProbes from "./identical-probes.js";
import startupProbe from "./startup-probe.js";
// Jobs and disruption budgets hygiene
import jobTtl from "./job-ttl.js";
import cronjobDeadline from "./cronjob-deadline.js";
import pdbUnhealthyEviction from "./pdb-unhealthy-eviction.js";
// Ingress controllers, image provenance, node disk
import ingressNginxSnippet from "./ingress-nginx-snippet.js";
import imageDigest from "./image-digest.js";
import imageRegistry from "./image-registry.js";
import ephemeralStorage from "./ephemeral-storage.js";
// Ingress hosts
import ingressTlsHosts from "./ingress-tls-hosts.js";
import ingressHostConflict from "./ingress-host-conflict.js";
import ingressWildcardHost from "./ingress-wildcard-host.js";

/** Every built-in rule, in the order they run and are listed. */
export const builtinRules: Rule[] = [
  yamlSyntax,
  duplicateKey,
  unreadableFile,
  kustomizeBuild,
  helmTemplate,
  runAsNonRoot,
  allowPrivilegeEscalation,
  readOnlyRootFilesystem,
  dropAllCapabilities,
  seccompProfile,
  procMount,
  unsafeSysctls,
  podSecurityAdmission,
  lowUidGid,
  serviceAccountToken,
  defaultServiceAccount,
  privilegedContainer,
  hostNamespaces,
  hostPathVolume,
  dangerousCapabilities,
  hostPort,
  committedSecret,
  hardcodedCredential,
  unusedJustification,
  resourceRequests,
  resourceLimits,
  imageTag,
  livenessProbe,
  readinessProbe,
  replicaAvailability,
  imagePullPolicy,
  missingReference,
  applyOrder,
  envVarReference,
  startupOrder,
  schema,
  admissionPolicy,
  crdValidation,
  deprecatedApi,
  rbacWildcard,
  rbacSecretsAccess,
  clusterAdminBinding,
  rbacDangerousGrant,
  rbacRiskySubject,
  serviceExposure,
  ingressTls,
  defaultNamespace,
  pdbMissing,
  pdbBlocksEviction,
  danglingSelector,
  selectorMismatch,
  antiAffinity,
  statefulsetServiceName,
  statefulsetVolumeClaims,
  readWriteOnceClaim,
  duplicateObject,
  duplicateEnvVar,
  duplicatePort,
  hpaReplicasConflict,
  networkPolicy,
  invalidName,
  invalidLabel,
  invalidPortName,
  serviceTargetPort,
  requestsAboveLimits,
  resourceUnits,
  jobRestartPolicy,
  pdbBudget,
  volumeMount,
  apiValidation,
  apparmorProfile,
  selinuxOptions,
  hostProcess,
  probePort,
  identicalProbes,
  startupProbe,
  jobTtl,
  cronjobDeadline,
  pdbUnhealthyEviction,
  ingressNginxSnippet,
  imageDigest,
  imageRegistry,
  ephemeralStorage,
  ingressTlsHosts,
  ingressHostConflict,
  ingressWildcardHost,
];
