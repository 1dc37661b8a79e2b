import { defineRule } from "../src/engine/rule.js";
import { celEngine } from "../src/cel/load.js";

export default defineRule({
  meta: {
    id: "admission-policy",
    title: "Objects must pass the cluster's ValidatingAdmissionPolicies",
    category: "schema",
    severity: "error",
    description:
      "Evaluates the ValidatingAdmissionPolicies of the set and those given with --policy (or `policies:` in the config) as the API server would for a CREATE of each object, with the defaults the API server sets before admission (built-in kinds' defaults, such as a Deployment's replicas 1 or a container's imagePullPolicy, and a custom resource's schema defaults when its CRD is in the set): matchConstraints and the binding's matchResources (resource rules, namespaceSelector against the Namespaces of the set, objectSelector, matchPolicy), params (paramKind and paramRef; no params with parameterNotFoundAction Deny is not evaluated, and admitted under failurePolicy Ignore), matchConditions (a false one means the policy does not apply, whatever another's error), variables, validations and auditAnnotations. A failed validation is reported at the object (at fieldPath when a policy has one, though Kubernetes' Validation has no such field), with the policy's message; validationActions set the severity (Deny an error, Warn a warning, Audit info). A policy that does not compile (an expression of the wrong type included: a validation that is not a bool, a messageExpression that is not a string), a binding the API server refuses (a paramRef with both name and selector, or without parameterNotFoundAction), a binding to a missing policy or params, and an expression that fails at evaluation (an auditAnnotation's valueExpression included: the API server denies then) are reported at the policy or binding (an error message never quotes the object's values), as is one that reads a field the object's built-in kind does not have (a misspelt spec.replica: it fails on every such object, so failurePolicy Fail denies them all and Ignore admits them unchecked; for a policy given with --policy, at each object it denies); a has() test whose last field no kind the policy's resource rules match defines (has(object.spec.replicass) is always false, silently) is a warning at the expression of a policy of the set; an expression that uses what cannot be known offline (the authorizer, the requesting user) or a function k8slint does not implement is reported as not evaluated (info), never as passing.",
    rationale:
      "The API server rejects such an object when it is applied: the change fails mid-deploy, or a GitOps controller retries it forever, though the policy that rejects it was known when the manifest was written. Finding it at commit time, at the field the policy names, saves a failed rollout.",
    remediation:
      "Change the object so that the policy's validation holds (the message says what it requires); if the policy should not apply to it, narrow the binding's matchResources or label the object or its namespace so that the selectors exclude it. A finding at the policy or its binding is a defect of the policy: correct the expression or field it names.",
    references: {
      links: [
        "https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/",
        "https://kubernetes.io/docs/reference/using-api/cel/",
      ],
    },
    examples: {
      bad: 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: max-replicas\nspec:\n  matchConstraints:\n    resourceRules:\n      - apiGroups: ["apps"]\n        apiVersions: ["v1"]\n        operations: ["CREATE", "UPDATE"]\n        resources: ["deployments"]\n  validations:\n    - expression: "object.spec.replicas <= 5"\n      fieldPath: spec.replicas\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata:\n  name: max-replicas\nspec:\n  policyName: max-replicas\n  validationActions: [Deny]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 10\n',
      good: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n",
    },
  },
  check({ model, report }) {
    // The evaluator comes with the CEL engine (src/cel/load.ts), loaded whenever the set or --policy
    // names a ValidatingAdmissionPolicy: without it there is no policy to evaluate.
    const cel = celEngine();
    if (!cel) return;
    for (const f of cel.evaluatePolicies(model, model.settings.policies ?? [], cel)) {
      report({ target: { resource: f.resource, path: f.path }, message: f.message, severity: f.severity, quotes: f.quotes });
    }
  },
});
