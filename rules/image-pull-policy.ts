import { defineRule } from "../src/engine/rule.js";
import { isBuildReference, parseImage } from "../src/model/image.js";
import { setValue } from "../src/engine/fix.js";

/** A full release version (1.4.2, v2.0.0-rc.1, 1.27.3-alpine): published once, not moved. */
const RELEASE = /^v?\d+\.\d+\.\d+([-+._][0-9A-Za-z.+_-]*)?$/;

export default defineRule({
  meta: {
    id: "image-pull-policy",
    scope: "object",
    title: "Images with a mutable tag should be pulled Always",
    category: "reliability",
    severity: "warning",
    optIn: true,
    description:
      "Reports containers with imagePullPolicy IfNotPresent or Never (or no policy, which means IfNotPresent for any tag but latest) whose image has a mutable tag (latest, a branch, a major or minor line such as 1.27): not a digest and not a full release version such as 1.27.3.",
    rationale:
      "With IfNotPresent a node keeps whatever it pulled first for a tag: after the tag moves, pods on old nodes run the old image and new nodes the new one, for the same manifest. A digest or a release tag that never moves makes the policy irrelevant.",
    remediation: "Pin the image by digest or to a release version, or set imagePullPolicy: Always.",
    defaultReason:
      "whether a tag moves is a registry's convention the manifests cannot show (postgres:14-alpine moves, a team's v0.3 may not), so the findings (44 on the corpora) are for teams that adopt the policy.",
    references: {
      equivalents: { kubeScore: "container-image-pull-policy", polaris: "pullPolicyNotAlways", checkov: "CKV_K8S_15" },
      links: ["https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy"],
    },
    differences: [
      "IfNotPresent is fine for a digest or a full release version (1.27.3), where kube-score, Polaris and Checkov ask for Always everywhere: a tag that never moves makes the policy irrelevant and Always only adds a registry round trip to every start.",
    ],
    examples: {
      bad: "image: registry.example.com/api:main\nimagePullPolicy: IfNotPresent\n",
      good: "image: registry.example.com/api:1.4.2\nimagePullPolicy: IfNotPresent\n",
    },
  },
  check({ model, report }) {
    for (const ref of model.containers) {
      const policy = (ref.container as { imagePullPolicy?: unknown }).imagePullPolicy;
      const image = ref.container.image;
      if (typeof image !== "string" || image.trim() === "" || isBuildReference(image)) continue;
      const parsed = parseImage(image);
      if (parsed.digest || (parsed.tag !== undefined && RELEASE.test(parsed.tag))) continue;
      // Pinning is the better remedy and needs the registry; Always costs a pull check at every start:
      // a suggestion, never applied unasked.
      const suggestions = [setValue("set imagePullPolicy: Always", [...ref.path, "imagePullPolicy"], "Always")];
      if (policy === undefined || policy === null) {
        // Without a policy, latest and untagged images are pulled Always; every other tag IfNotPresent.
        if (parsed.tag === undefined || parsed.tag === "latest") continue;
        report({
          target: { resource: ref.pod.resource, path: [...ref.path, "image"] },
          message: `container "${ref.name}" pulls only if absent (the default for a tag) though tag "${parsed.tag}" of "${parsed.repository}" can move`,
          suggestions,
        });
        continue;
      }
      if (policy !== "IfNotPresent" && policy !== "Never") continue;
      report({
        target: { resource: ref.pod.resource, path: [...ref.path, "imagePullPolicy"] },
        message: `container "${ref.name}" pulls ${policy === "Never" ? "never" : "only if absent"} though tag "${parsed.tag ?? "latest"}" of "${parsed.repository}" can move`,
        suggestions,
      });
    }
  },
});
