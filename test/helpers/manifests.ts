/** A minimal Pod with one container, for tests that need a manifest next to the input under test. */
export function pod(name: string, image: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
    - name: ${name}
      image: ${image}
`;
}
