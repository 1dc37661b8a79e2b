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

/** A Deployment "web" with one container "app" of `image`, and `more` written below the image (indented as its fields), for Kustomize bases. */
export function webDeployment(image: string, more = ""): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
          image: ${image}
${more}`;
}
