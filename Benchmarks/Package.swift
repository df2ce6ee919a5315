// swift-tools-version:6.1
// Benchmarks, kept out of the main package so the main build and CI never compile them:
// - transport-benchmark: the same generated Echo service over our plain-TCP transport and
//   over grpc-swift's HTTP/2 transport, client and server in separate processes.
// - signing-benchmark: a peak day of e-signing through the gateway (accounts, esigning and
//   gateway as real release processes), with the raw SQLite ceiling on the same disk; and
//   数据统计 on a school where every status is represented, against the lists it is defined by.
// Run (see docs/BENCHMARKS.md):
//   swift run -c release --package-path Benchmarks --scratch-path .build-bench transport-benchmark compare
//   swift build -c release --package-path Benchmarks --scratch-path .build-bench --product signing-benchmark
//   .build-bench/release/signing-benchmark run --graduates 20000 --clients 64
//   .build-bench/release/signing-benchmark statistics --graduates 20000   (数据统计, every status generated)
import PackageDescription

let package = Package(
    name: "TransportBenchmark",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "transport-benchmark", targets: ["TransportBenchmark"]),
        .executable(name: "signing-benchmark", targets: ["SigningBenchmark"]),
    ],
    dependencies: [
        .package(name: "GraduateDestinations", path: ".."),
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", exact: "2.9.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
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
        .executableTarget(
            name: "SigningBenchmark",
            dependencies: [
                .product(name: "AuthKit", package: "GraduateDestinations"),
                .product(name: "ProcessLauncher", package: "GraduateDestinations"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/SigningBenchmark",
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
