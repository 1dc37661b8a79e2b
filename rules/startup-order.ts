import { defineRule } from "../src/engine/rule.js";
import { describeResource } from "../src/model/resource.js";
import { HostResolver, podConnections, type Connection } from "../src/model/connections.js";
import { dependencyCycles } from "../src/model/cycles.js";

export default defineRule({
  meta: {
    id: "startup-order",
    scope: "subject",
    title: "Workloads must wait for the StatefulSets they connect to",
    category: "reliability",
    severity: "warning",
    description:
      "Reports a workload whose configuration names a StatefulSet of the same set (its Service's DNS name or a pod's stable name, e.g. `zk-0.zk:2181`, in env values, command, args or a ConfigMap it reads) when neither an init container nor a wait loop in its script waits for it. Cycles of startup dependencies (waits, and connections to StatefulSets) are errors; Deployments that merely call each other are not a cycle. A workload that retries on its own carries a justification instead.",
    rationale:
      "Kubernetes starts everything at once. A Kafka broker that starts before ZooKeeper answers exits, and after a few restarts waits minutes in CrashLoopBackOff; clients that read a broker list once at start-up keep failing. Guides that say \"deploy ZooKeeper, wait, then Kafka\" hold only for the first manual install, not for restarts, rescheduling or `kubectl apply -f DIR`. Workloads that wait for each other never start.",
    remediation:
      "Add an init container that waits for the dependency (e.g. `until nc -z zk-0.zk 2181; do sleep 2; done`), or, if the application retries its connections itself, say so with the annotation `justify.k8slint.io/startup-order: \"<why>\"`. Break dependency cycles: one side must start without the other.",
    references: {
      guides: ["Caracal: deploy ZooKeeper, then Kafka, then Schema Registry, each waited for", "Santaclaude: wait for Redis and ClickHouse before the services"],
      links: ["https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#examples"],
    },
    examples: {
      bad: "kind: StatefulSet\nmetadata: {name: kafka}\nspec:\n  template:\n    spec:\n      containers:\n        - name: kafka\n          env:\n            - name: KAFKA_ZOOKEEPER_CONNECT\n              value: zk-0.zk:2181\n",
      good: "      initContainers:\n        - name: wait-for-zookeeper\n          image: busybox:1.36\n          command: [sh, -c, 'until nc -z zk-0.zk 2181; do sleep 2; done']\n",
    },
  },
  check({ model, report }) {
    // The connections of the workloads reported on (model.pods); hosts resolve against the whole set.
    const connectionsOfPod = podConnections(model, new HostResolver(model));
    const connections = model.pods.flatMap(connectionsOfPod);

    // Per workload and StatefulSet it talks to: does it wait, and where does it first name it?
    const byPair = new Map<string, { first: Connection; waits: boolean }>();
    for (const c of connections) {
      if (c.to.kind !== "StatefulSet" || c.from.kind === "CronJob") continue;
      const key = `${c.from.id}:${c.to.id}`;
      const entry = byPair.get(key);
      if (!entry) byPair.set(key, { first: c, waits: c.waits });
      else {
        entry.waits ||= c.waits;
        // Point at a connection rather than at the wait loop that names the same host.
        if (entry.first.waits && !c.waits) entry.first = c;
      }
    }
    for (const { first, waits } of byPair.values()) {
      if (waits) continue;
      const via = first.source ? ` (${first.host}, from ${first.source})` : ` (${first.host})`;
      report({
        target: { resource: first.from, path: first.path },
        message: `connects to ${describeResource(first.to)}${via} but does not wait for it`,
      });
    }

    // A startup dependency is a wait, or a connection to a StatefulSet (which this rule asks to turn into
    // a wait). Calls between Deployments are runtime traffic: services that call each other still start.
    // A cycle through a workload is made of workloads it reaches: those reported on and all they reach
    // are followed (every workload, when the rule reports on the whole set), so each cycle through them
    // is found whole, with the same first-applied head.
    const dependsOn = (c: Connection) => c.waits || c.to.kind === "StatefulSet";
    const dependencies = connections.filter(dependsOn);
    const followed = new Set(model.pods.map((p) => p.resource));
    for (let i = 0; i < dependencies.length; i++) {
      const to = dependencies[i].to;
      if (followed.has(to)) continue;
      followed.add(to);
      for (const pod of model.index.podTemplates(to)) if (!pod.incomplete) for (const c of connectionsOfPod(pod)) if (dependsOn(c)) dependencies.push(c);
    }
    for (const cycle of dependencyCycles(dependencies)) {
      const [head] = cycle;
      const names = [...cycle.map((c) => describeResource(c.from)), describeResource(head.from)].join(" → ");
      report({
        target: { resource: head.from, path: head.path },
        message: `startup dependency cycle: ${names}`,
        severity: "error",
      });
    }
  },
});
