import { defineRule } from "../src/engine/rule.js";

export default defineRule({
  meta: {
    id: "helm-template",
    scope: "object",
    title: "Helm charts must render",
    category: "syntax",
    severity: "error",
    description:
      "Reports a Helm chart (a directory with Chart.yaml) that `helm template` cannot render, with Helm's message, at the template and line it names (else at Chart.yaml). The chart's templates are then not linted at all. A chart whose dependencies are not fetched yet (`helm dependency build`) is info: that is the checkout's state, not a fault of the chart.",
    rationale: "`helm install` refuses a chart that does not render: nothing in it reaches the cluster, and a run that passed over it would pass a chart it never read.",
    remediation: "Run `helm template <release> <chart>` and fix what it reports: a nil value the template reads (guard it with `default` or `if`), a template syntax error, a required value missing from values.yaml; fetch dependencies with `helm dependency build` before linting.",
    references: {
      links: ["https://helm.sh/docs/helm/helm_template/", "https://helm.sh/docs/chart_template_guide/debugging/"],
    },
    examples: {
      bad: "# templates/deployment.yaml\nimage: {{ .Values.image.repository }}:{{ .Values.image.tag }}   # values.yaml has no image:\n",
      good: "# templates/deployment.yaml\nimage: {{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}\n",
    },
  },
  check({ model, report }) {
    for (const p of model.inputProblems) {
      if (p.kind === "helm-template") report({ target: { file: p.file, start: p.start, end: p.end }, message: p.message });
      else if (p.kind === "helm-dependencies") report({ target: { file: p.file, start: p.start, end: p.end }, message: p.message, severity: "info" });
    }
  },
});
