/*
 * A peer of the plain-TCP RPC protocol written from docs/PROTOCOL.md alone, on
 * libprotobuf-c. It makes three unary calls on one connection and checks every answer:
 *   1. grpc.health.v1.Health/Check        -> status OK, SERVING
 *   2. graduate.testing.v1.Echo/Echo      -> status OK, the same text, our x-request-id
 *   3. graduate.testing.v1.Echo/NoSuch    -> status UNIMPLEMENTED (12)
 * Usage: health-client HOST PORT. Exits 0 when all match, 1 on any mismatch, 2 on I/O errors.
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "graduate/rpc/v1/frame.pb-c.h"
#include "graduate/rpc/v1/health.pb-c.h"
#include "graduate/testing/v1/echo.pb-c.h"

#define MAX_FRAME (16u * 1024u * 1024u)

static int failures = 0;

static void check(int condition, const char *what) {
    if (!condition) {
        fprintf(stderr, "MISMATCH: %s\n", what);
        failures++;
    }
}

static int connect_to(const char *host, const char *port) {
    struct addrinfo hints = {0}, *result = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &result) != 0) return -1;
    int fd = -1;
    for (struct addrinfo *ai = result; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(result);
    return fd;
}

static int write_all(int fd, const uint8_t *data, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, data, length);
        if (written <= 0) return -1;
        data += written;
        length -= (size_t)written;
    }
    return 0;
}

static int read_all(int fd, uint8_t *data, size_t length) {
    while (length > 0) {
        ssize_t got = read(fd, data, length);
        if (got <= 0) return -1;
        data += got;
        length -= (size_t)got;
    }
    return 0;
}

/* One frame on the wire: 4-byte big-endian length, then the serialized Frame. */
static int send_frame(int fd, const Graduate__Rpc__V1__Frame *frame) {
    size_t size = graduate__rpc__v1__frame__get_packed_size(frame);
    uint8_t *buffer = malloc(4 + size);
    if (buffer == NULL) return -1;
    uint32_t length = htonl((uint32_t)size);
    memcpy(buffer, &length, 4);
    graduate__rpc__v1__frame__pack(frame, buffer + 4);
    int result = write_all(fd, buffer, 4 + size);
    free(buffer);
    return result;
}

static Graduate__Rpc__V1__Frame *receive_frame(int fd) {
    uint32_t length;
    if (read_all(fd, (uint8_t *)&length, 4) != 0) return NULL;
    length = ntohl(length);
    if (length > MAX_FRAME) return NULL; /* checked before allocating */
    uint8_t *buffer = malloc(length ? length : 1);
    if (buffer == NULL || read_all(fd, buffer, length) != 0) {
        free(buffer);
        return NULL;
    }
    Graduate__Rpc__V1__Frame *frame = graduate__rpc__v1__frame__unpack(NULL, length, buffer);
    free(buffer);
    return frame;
}

/* Sends request headers, one message and end-of-stream on `stream`. */
static int send_unary(int fd, uint32_t stream, const char *method, const char *request_id,
                      const uint8_t *payload, size_t payload_length) {
    Graduate__Rpc__V1__MetadataEntry entry = GRADUATE__RPC__V1__METADATA_ENTRY__INIT;
    entry.key = "x-request-id";
    entry.value_case = GRADUATE__RPC__V1__METADATA_ENTRY__VALUE_TEXT;
    entry.text = (char *)request_id;
    Graduate__Rpc__V1__MetadataEntry *entries[] = {&entry};

    Graduate__Rpc__V1__RequestHeaders headers = GRADUATE__RPC__V1__REQUEST_HEADERS__INIT;
    headers.method = (char *)method;
    headers.n_metadata = 1;
    headers.metadata = entries;

    Graduate__Rpc__V1__Frame frame = GRADUATE__RPC__V1__FRAME__INIT;
    frame.stream_id = stream;
    frame.part_case = GRADUATE__RPC__V1__FRAME__PART_REQUEST_HEADERS;
    frame.request_headers = &headers;
    if (send_frame(fd, &frame) != 0) return -1;

    Graduate__Rpc__V1__Frame message = GRADUATE__RPC__V1__FRAME__INIT;
    message.stream_id = stream;
    message.part_case = GRADUATE__RPC__V1__FRAME__PART_MESSAGE;
    message.message.data = (uint8_t *)payload;
    message.message.len = payload_length;
    if (send_frame(fd, &message) != 0) return -1;

    Graduate__Rpc__V1__EndOfStream end_body = GRADUATE__RPC__V1__END_OF_STREAM__INIT;
    Graduate__Rpc__V1__Frame end = GRADUATE__RPC__V1__FRAME__INIT;
    end.stream_id = stream;
    end.part_case = GRADUATE__RPC__V1__FRAME__PART_END_OF_STREAM;
    end.end_of_stream = &end_body;
    return send_frame(fd, &end);
}

/* Reads frames of `stream` until its status; copies the (last) message payload out. */
static int await_status(int fd, uint32_t stream, int *code, uint8_t **payload, size_t *payload_length) {
    *payload = NULL;
    *payload_length = 0;
    for (;;) {
        Graduate__Rpc__V1__Frame *frame = receive_frame(fd);
        if (frame == NULL) return -1;
        if (frame->stream_id == stream) {
            if (frame->part_case == GRADUATE__RPC__V1__FRAME__PART_MESSAGE) {
                free(*payload);
                *payload = malloc(frame->message.len ? frame->message.len : 1);
                memcpy(*payload, frame->message.data, frame->message.len);
                *payload_length = frame->message.len;
            } else if (frame->part_case == GRADUATE__RPC__V1__FRAME__PART_STATUS) {
                *code = frame->status->code;
                if (*code != 0) fprintf(stderr, "stream %u status %d: %s\n", stream, *code, frame->status->message);
                graduate__rpc__v1__frame__free_unpacked(frame, NULL);
                return 0;
            }
        }
        graduate__rpc__v1__frame__free_unpacked(frame, NULL);
    }
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s HOST PORT\n", argv[0]);
        return 2;
    }
    int fd = connect_to(argv[1], argv[2]);
    if (fd < 0) {
        fprintf(stderr, "cannot connect to %s:%s\n", argv[1], argv[2]);
        return 2;
    }
    int code = -1;
    uint8_t *payload = NULL;
    size_t payload_length = 0;

    /* 1. Health/Check */
    Grpc__Health__V1__HealthCheckRequest health_request = GRPC__HEALTH__V1__HEALTH_CHECK_REQUEST__INIT;
    health_request.service = "";
    uint8_t health_bytes[64];
    size_t health_length = grpc__health__v1__health_check_request__pack(&health_request, health_bytes);
    if (send_unary(fd, 1, "grpc.health.v1.Health/Check", "c-client-1", health_bytes, health_length) != 0 ||
        await_status(fd, 1, &code, &payload, &payload_length) != 0) {
        fprintf(stderr, "connection failed during Health/Check\n");
        return 2;
    }
    check(code == 0, "Health/Check status is OK");
    Grpc__Health__V1__HealthCheckResponse *health =
        grpc__health__v1__health_check_response__unpack(NULL, payload_length, payload);
    check(health != NULL && health->status == GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING,
          "Health/Check says SERVING");
    if (health) grpc__health__v1__health_check_response__free_unpacked(health, NULL);
    free(payload);

    /* 2. Echo/Echo, with Chinese text and our request id coming back */
    const char *text = "毕业去向登记 from C";
    Graduate__Testing__V1__EchoRequest echo_request = GRADUATE__TESTING__V1__ECHO_REQUEST__INIT;
    echo_request.text = (char *)text;
    size_t echo_length = graduate__testing__v1__echo_request__get_packed_size(&echo_request);
    uint8_t *echo_bytes = malloc(echo_length);
    graduate__testing__v1__echo_request__pack(&echo_request, echo_bytes);
    if (send_unary(fd, 3, "graduate.testing.v1.Echo/Echo", "c-client-3", echo_bytes, echo_length) != 0 ||
        await_status(fd, 3, &code, &payload, &payload_length) != 0) {
        fprintf(stderr, "connection failed during Echo/Echo\n");
        return 2;
    }
    free(echo_bytes);
    check(code == 0, "Echo/Echo status is OK");
    Graduate__Testing__V1__EchoResponse *echo =
        graduate__testing__v1__echo_response__unpack(NULL, payload_length, payload);
    check(echo != NULL && strcmp(echo->text, text) == 0, "Echo/Echo returns the same text");
    check(echo != NULL && strcmp(echo->request_id, "c-client-3") == 0, "Echo/Echo returns our x-request-id");
    if (echo) graduate__testing__v1__echo_response__free_unpacked(echo, NULL);
    free(payload);

    /* 3. A method the server does not have */
    if (send_unary(fd, 5, "graduate.testing.v1.Echo/NoSuchMethod", "c-client-5", NULL, 0) != 0 ||
        await_status(fd, 5, &code, &payload, &payload_length) != 0) {
        fprintf(stderr, "connection failed during the unknown method\n");
        return 2;
    }
    free(payload);
    check(code == 12, "an unknown method is UNIMPLEMENTED (12)");

    close(fd);
    if (failures > 0) {
        fprintf(stderr, "%d mismatch(es)\n", failures);
        return 1;
    }
    printf("ok: Health/Check SERVING, Echo/Echo round trip, unknown method UNIMPLEMENTED\n");
    return 0;
}
