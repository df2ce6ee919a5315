// swift-tools-version:6.1
// One package: shared kits under Shared/, one library + thin executable per service
// under Services/, tests under Tests/. See ../shared/spec/ARCHITECTURE.md and README.md.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let grpcCore = Target.Dependency.product(name: "GRPCCore", package: "grpc-swift-2")
let grpcProtobuf = Target.Dependency.product(name: "GRPCProtobuf", package: "grpc-swift-protobuf")
let swiftProtobuf = Target.Dependency.product(name: "SwiftProtobuf", package: "swift-protobuf")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioEmbedded = Target.Dependency.product(name: "NIOEmbedded", package: "swift-nio")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")
let prometheus = Target.Dependency.product(name: "Prometheus", package: "swift-prometheus")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let unixSignals = Target.Dependency.product(name: "UnixSignals", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let grdb = Target.Dependency.product(name: "GRDB", package: "GRDB.swift")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let hummingbirdTesting = Target.Dependency.product(name: "HummingbirdTesting", package: "hummingbird")
let openAPIRuntime = Target.Dependency.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
let openAPIHummingbird = Target.Dependency.product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird")
let zipFoundation = Target.Dependency.product(name: "ZIPFoundation", package: "ZIPFoundation")
let jwtKit = Target.Dependency.product(name: "JWTKit", package: "jwt-kit")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let cryptoExtras = Target.Dependency.product(name: "CryptoExtras", package: "swift-crypto")

let package = Package(
    name: "GraduateDestinations",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "accounts", targets: ["AccountsMain"]),
        .executable(name: "esigning", targets: ["ESigningMain"]),
        .executable(name: "archive", targets: ["ArchiveMain"]),
        .executable(name: "gateway", targets: ["GatewayMain"]),
        .executable(name: "health-probe", targets: ["HealthProbe"]),
        .executable(name: "echo-test-server", targets: ["EchoTestServer"]),
        // Libraries the separate benchmark package (Benchmarks/) builds against.
        .library(name: "GraduateProto", targets: ["GraduateProto"]),
        .library(name: "RPCTransport", targets: ["RPCTransport"]),
        .library(name: "EchoService", targets: ["EchoService"]),
        .library(name: "AuthKit", targets: ["AuthKit"]),
        .library(name: "ProcessLauncher", targets: ["ProcessLauncher"]),
    ],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2.git", exact: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", exact: "5.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        // The gateway's routes generated from Services/Gateway/API/openapi.yaml (scripts/generate-openapi.sh).
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", exact: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", exact: "2.1.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
    ],
    targets: [
        // Generated from proto/ by scripts/generate-proto.sh; committed, never edited.
        .target(
            name: "GraduateProto",
            dependencies: [grpcCore, grpcProtobuf, swiftProtobuf],
            path: "Shared/Generated",
            exclude: ["PROTO_SHA256"],
            swiftSettings: strictSettings
        ),
        // The plain-TCP transport for GRPCCore (docs/PROTOCOL.md).
        .target(
            name: "RPCTransport",
            dependencies: ["GraduateProto", grpcCore, nioCore, nioPosix, logging],
            path: "Shared/RPCTransport",
            swiftSettings: strictSettings
        ),
        // Configuration, logging, metrics, health, and the service group of every executable.
        .target(
            name: "ServiceKit",
            dependencies: [
                "GraduateProto", "RPCTransport", "AuthKit", grpcCore, nioCore, nioPosix, nioHTTP1,
                logging, metrics, prometheus, lifecycle, unixSignals, argumentParser,
            ],
            path: "Shared/ServiceKit",
            swiftSettings: strictSettings
        ),
        // SQLite (GRDB) opening, migrations, outbox + relay, inbox, idempotency keys.
        .target(
            name: "StorageKit",
            dependencies: ["GraduateProto", "RPCTransport", "AuthKit", grpcCore, swiftProtobuf, grdb, crypto, logging, metrics, lifecycle],
            path: "Shared/StorageKit",
            swiftSettings: strictSettings
        ),
        // Tokens and principals, and the interceptor that checks them on every call.
        .target(
            name: "AuthKit",
            dependencies: [grpcCore, jwtKit, logging],
            path: "Shared/AuthKit",
            swiftSettings: strictSettings
        ),
        // Domain value types shared by several services (身份证号, 统一社会信用代码, code lists).
        .target(
            name: "GraduateDomain",
            path: "Shared/Domain",
            swiftSettings: strictSettings
        ),
        // C libraries from Debian packages (scripts/install-deps.sh), for DocumentKit (and cairo for the captcha).
        .systemLibrary(name: "CCairo", path: "Shared/System/CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CPango", path: "Shared/System/CPango", pkgConfig: "pangocairo", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "CQRencode", path: "Shared/System/CQRencode", pkgConfig: "libqrencode", providers: [.apt(["libqrencode-dev"])]),
        .systemLibrary(name: "CXlsxWriter", path: "Shared/System/CXlsxWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CGdkPixbuf", path: "Shared/System/CGdkPixbuf", pkgConfig: "gdk-pixbuf-2.0", providers: [.apt(["libgdk-pixbuf-2.0-dev"])]),
        .systemLibrary(name: "CPoppler", path: "Shared/System/CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),
        // Printable documents: the agreement PDF (cairo + pango, CJK font subset-embedded),
        // QR codes (libqrencode), Excel exports (libxlsxwriter), captcha images, the
        // decoding of uploaded scans (gdk-pixbuf, poppler) before they are stored, and the
        // reading of uploaded CSV and .xlsx files (ZIPFoundation) for the imports.
        .target(
            name: "DocumentKit",
            dependencies: ["GraduateDomain", "CCairo", "CPango", "CQRencode", "CXlsxWriter", "CGdkPixbuf", "CPoppler", zipFoundation],
            path: "Shared/DocumentKit",
            swiftSettings: strictSettings
        ),
        // accounts: schools, departments, staff accounts, sign-in and tokens, the roster;
        // its captcha images are drawn by DocumentKit.
        .target(
            name: "AccountsService",
            dependencies: [
                "GraduateProto", "GraduateDomain", "ServiceKit", "StorageKit", "AuthKit", "RPCTransport", "DocumentKit",
                grpcCore, swiftProtobuf, grdb, crypto, cryptoExtras, zipFoundation, logging,
            ],
            path: "Services/Accounts/Sources",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "AccountsMain",
            dependencies: ["AccountsService", "ServiceKit", "StorageKit", "AuthKit", grpcCore, argumentParser, logging, lifecycle],
            path: "Services/Accounts/Main",
            swiftSettings: strictSettings
        ),
        // esigning: 签约设置, the three signing flows and their agreements (DOMAIN.md §3–§4, §6).
        // Its state machines are pure code in their own target, apart from storage and RPC.
        .target(
            name: "ESigningDomain",
            dependencies: ["GraduateDomain"],
            path: "Services/ESigning/Domain",
            swiftSettings: strictSettings
        ),
        // archive: 档案/户口信息管理 (DOMAIN.md §5). Its rules are pure code in their own target.
        .target(
            name: "ArchiveDomain",
            dependencies: ["GraduateDomain"],
            path: "Services/Archive/Domain",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ESigningService",
            dependencies: [
                "ESigningDomain", "GraduateProto", "GraduateDomain", "ServiceKit", "StorageKit", "AuthKit", "DocumentKit",
                grpcCore, swiftProtobuf, grdb, crypto, logging, lifecycle,
            ],
            path: "Services/ESigning/Sources",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ESigningMain",
            dependencies: ["ESigningService", "ServiceKit", "StorageKit", "AuthKit", "RPCTransport", "GraduateProto", grpcCore, argumentParser, logging, lifecycle],
            path: "Services/ESigning/Main",
            swiftSettings: strictSettings
        ),
        // archive: 档案/户口信息管理 (DOMAIN.md §5); its state machine and checks are pure code in ArchiveDomain.
        .target(
            name: "ArchiveService",
            dependencies: [
                "ArchiveDomain", "GraduateProto", "GraduateDomain", "ServiceKit", "StorageKit", "AuthKit", "DocumentKit",
                "RPCTransport", grpcCore, swiftProtobuf, grdb, crypto, logging,
            ],
            path: "Services/Archive/Sources",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "ArchiveMain",
            dependencies: ["ArchiveService", "ServiceKit", "StorageKit", "AuthKit", "RPCTransport", "GraduateProto", grpcCore, argumentParser, logging, lifecycle],
            path: "Services/Archive/Main",
            swiftSettings: strictSettings
        ),
        // gateway: the HTTP API (JSON under /api/v1) and the web console (Sources/Console).
        .target(
            name: "Gateway",
            dependencies: [
                "GraduateProto", "GraduateDomain", "RPCTransport", "ServiceKit", grpcCore, hummingbird, logging,
                openAPIRuntime, openAPIHummingbird,
            ],
            path: "Services/Gateway/Sources",
            resources: [.copy("Console"), .copy("Contract")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "GatewayMain",
            dependencies: ["Gateway", "ServiceKit", "RPCTransport", grpcCore, hummingbird, argumentParser, logging, lifecycle],
            path: "Services/Gateway/Main",
            swiftSettings: strictSettings
        ),
        // A gRPC health check over our transport, for container health checks.
        .executableTarget(
            name: "HealthProbe",
            dependencies: ["GraduateProto", "RPCTransport", grpcCore, argumentParser],
            path: "Services/HealthProbe",
            swiftSettings: strictSettings
        ),
        // The Echo service used by transport tests, the C client and the benchmark.
        .target(
            name: "EchoService",
            dependencies: ["GraduateProto", grpcCore, logging],
            path: "Tests/Support/EchoService",
            swiftSettings: strictSettings
        ),
        // Runs a server and a client to it around a test body (every library's tests use it).
        .target(
            name: "TransportTestSupport",
            dependencies: ["RPCTransport", grpcCore],
            path: "Tests/Support/TransportTestSupport",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "EchoTestServer",
            dependencies: ["EchoService", "ServiceKit", "RPCTransport", "GraduateProto", grpcCore, argumentParser, logging, lifecycle],
            path: "Tests/Support/EchoTestServer",
            swiftSettings: strictSettings
        ),
        // Starts the executables as real processes on loopback, alone or as a whole system, and
        // measures them: one launcher for the end-to-end tests and the signing benchmark.
        .target(
            name: "ProcessLauncher",
            path: "Shared/ProcessLauncher",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RPCTransportTests",
            dependencies: ["TransportTestSupport", "RPCTransport", "EchoService", "GraduateProto", grpcCore, grpcProtobuf, nioCore, nioPosix, nioEmbedded, swiftProtobuf],
            path: "Tests/RPCTransportTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: ["TransportTestSupport", "ServiceKit", "RPCTransport", "EchoService", "GraduateProto", grpcCore, logging, argumentParser],
            path: "Tests/ServiceKitTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "StorageKitTests",
            dependencies: ["TransportTestSupport", "StorageKit", "RPCTransport", "GraduateProto", grpcCore, grdb, logging],
            path: "Tests/StorageKitTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AuthKitTests",
            dependencies: ["TransportTestSupport", "AuthKit", "RPCTransport", "EchoService", "GraduateProto", grpcCore],
            path: "Tests/AuthKitTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AccountsServiceTests",
            dependencies: [
                "TransportTestSupport", "AccountsService", "AuthKit", "StorageKit", "ServiceKit", "GraduateProto",
                "GraduateDomain", "DocumentKit", grpcCore, grdb, zipFoundation, swiftProtobuf, logging,
            ],
            path: "Tests/AccountsServiceTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "RPCTransport", "ServiceKit", "TransportTestSupport", grpcCore, hummingbird, hummingbirdTesting,
                // The real services in process (InProcessSystem); DocumentKit reads and writes the archive import's spreadsheets.
                "AccountsService", "ESigningService", "ArchiveService", "AuthKit", "StorageKit", "DocumentKit", grdb, logging,
                .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
            ],
            path: "Tests/GatewayTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DomainTests",
            dependencies: ["GraduateDomain"],
            path: "Tests/DomainTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESigningDomainTests",
            dependencies: ["ESigningDomain", "GraduateDomain"],
            path: "Tests/ESigningDomainTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ArchiveDomainTests",
            dependencies: ["ArchiveDomain", "GraduateDomain"],
            path: "Tests/ArchiveDomainTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ESigningServiceTests",
            dependencies: [
                "ESigningService", "ESigningDomain", "GraduateDomain", "GraduateProto", "RPCTransport", "StorageKit", "AuthKit",
                "ServiceKit", "TransportTestSupport", grpcCore, grdb, logging, swiftProtobuf,
            ],
            path: "Tests/ESigningServiceTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ArchiveServiceTests",
            dependencies: [
                "ArchiveService", "ArchiveDomain", "GraduateDomain", "GraduateProto", "RPCTransport", "StorageKit", "AuthKit",
                "ServiceKit", "DocumentKit", "TransportTestSupport", grpcCore, grdb, logging, swiftProtobuf,
            ],
            path: "Tests/ArchiveServiceTests",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DocumentKitTests",
            dependencies: ["DocumentKit", "CCairo", "CGdkPixbuf", "GraduateDomain", "TransportTestSupport", zipFoundation],
            path: "Tests/DocumentKitTests",
            swiftSettings: strictSettings
        ),
        // Starts the real executables on loopback (EchoTestServer, later every service).
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["ProcessLauncher", "RPCTransport", "GraduateProto", "TransportTestSupport", grpcCore, swiftProtobuf, zipFoundation],
            path: "Tests/EndToEndTests",
            swiftSettings: strictSettings
        ),
    ]
)
