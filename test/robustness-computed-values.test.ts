import { describe, expect, it } from "vitest";
import { lint } from "../src/lint.js";
import { testTree } from "./helpers/temp-dir.js";

// Text computed from a manifest's values (a CEL messageExpression, an error quoting what an expression
// made) holds the value changed (decoded, upper-cased, cut): the engine's check for values repeated
// verbatim does not see it, so what prints such text hides its credential-like tokens itself.

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: databases.example.com
spec:
  group: example.com
  names: {kind: Database, plural: databases, singular: database, listKind: DatabaseList}
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                password: {type: string}
                connect: {type: string}
                replicas: {type: integer}
              x-kubernetes-validations:
                - rule: "self.password.size() < 5"
                  messageExpression: "'password ' + self.password.upperAscii() + ' is too long'"
                - rule: "quantity(self.password.lowerAscii()).isInteger()"
                - rule: "self.connect.startsWith('psql')"
                  messageExpression: "'connect uses ' + self.connect.split(' ')[1].substring(2)"
                - rule: "self.replicas < 3"
                  messageExpression: "'replicas ' + string(self.replicas) + ' of v2-primary is more than 3'"
---
apiVersion: example.com/v1
kind: Database
metadata:
  name: orders
  namespace: shop
spec:
  password: Hunter2SuperSecret
  connect: "mysql -pS3cretPass99 orders"
  replicas: 5
`;

describe("x-kubernetes-validations on a custom resource", () => {
  it("a messageExpression or error that changed a value hides it; one that prints a number or its own text does not", () => {
    const dir = testTree("k8slint-computed-crd-", { "db.yaml": CRD });
    const found = lint({ paths: ["db.yaml"], cwd: dir }).findings.filter((f) => f.ruleId === "crd-validation");
    const crd = "(x-kubernetes-validations of CustomResourceDefinition databases.example.com)";
    expect(found.map((f) => [f.line, f.message]).sort()).toEqual([
      [37, `connect uses <value of 12 characters> ${crd}`],
      [37, `password <value of 18 characters> is too long ${crd}`],
      [37, `replicas 5 of v2-primary is more than 3 ${crd}`],
      [37, `the rule "quantity(self.password.lowerAscii()).isInteger()" of CustomResourceDefinition databases.example.com fails to evaluate: quantity: <value of 18 characters> is not a valid quantity`],
    ]);
  });
});
