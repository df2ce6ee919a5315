// swift-tools-version:6.0
// Builds the two protoc plugins that scripts/generate-proto.sh uses. Kept apart from the
// main package so an ordinary build never compiles the plugins (they take minutes).
import PackageDescription

let package = Package(
    name: "ProtocPlugins",
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
    ],
    targets: []
)
