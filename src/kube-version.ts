/** The Kubernetes minor version rules target unless --kube-version says otherwise. */
export const DEFAULT_KUBE_VERSION = "1.30";
