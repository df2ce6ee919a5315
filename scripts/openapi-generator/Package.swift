// swift-tools-version:6.0
// Builds swift-openapi-generator's command for scripts/generate-openapi.sh. Kept apart from the
// main package so an ordinary build (and CI) never compiles the generator (it takes minutes).
import PackageDescription

let package = Package(
    name: "OpenAPIGenerator",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3"),
    ],
    targets: []
)
