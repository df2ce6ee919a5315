// swift-tools-version:6.1
// The transport benchmark: the same generated Echo service over our plain-TCP transport
// and over grpc-swift's HTTP/2 transport, client and server in separate processes.
// Kept out of the main package so the main build and CI never compile the HTTP/2
// transport. Run: swift run -c release --package-path Benchmarks transport-benchmark compare
import PackageDescription

let package = Package(
    name: "TransportBenchmark",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "transport-benchmark", targets: ["TransportBenchmark"])],
    dependencies: [
        .package(name: "GraduateDestinations", path: ".."),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
    ],
    targets: [
        .executableTarget(
            name: "TransportBenchmark",
            dependencies: [
                .product(name: "RPCTransport", package: "GraduateDestinations"),
                .product(name: "EchoService", package: "GraduateDestinations"),
                .product(name: "GraduateProto", package: "GraduateDestinations"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/TransportBenchmark",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
