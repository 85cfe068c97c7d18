// pulumi-resource-kubernetes for the e2e run: the provider's own entry point
// (github.com/pulumi/pulumi-kubernetes/provider/v4/cmd/pulumi-resource-kubernetes/main.go) as a package of
// this module, because that command embeds files its build generates (schema-embed.json,
// terraform-mapping-embed.json) and the module cache is read-only. build-toolchain.sh writes both files
// here from the module's schema.json and terraform-mapping.json before `go build`.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var pulumiSchema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() {
	provider.Serve("kubernetes", version.Version, pulumiSchema, terraformMapping)
}
