// etcd for the e2e control plane: the real etcd server's entry point (go.etcd.io/etcd/server/v3/etcdmain),
// built from its Go module at the version k8s.io/kubernetes v1.37.2 itself requires.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
