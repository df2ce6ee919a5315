#!/usr/bin/env python3
"""Seeds a demo school through the gateway's public API (so it exercises what users use):
several 院系, one account per staff role, and 2,000 graduates on the roster. Runs once per
data folder: the accounts it made are kept in --state and printed again on later runs.
Standard library only."""
import argparse
import json
import os
import random
import sys
import time
import time
import urllib.error
import urllib.request
import uuid
import zlib

DEPARTMENTS = ["计算机学院", "外国语学院", "经济管理学院", "机械工程学院", "文学院"]
MAJORS = {
    "计算机学院": ["软件工程", "计算机科学与技术", "人工智能"],
    "外国语学院": ["英语", "日语", "翻译"],
    "经济管理学院": ["会计学", "金融学", "工商管理"],
    "机械工程学院": ["机械设计制造及其自动化", "车辆工程"],
    "文学院": ["汉语言文学", "新闻学"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
# Demo employers: (first 17 characters of the credit code, 单位名称, 单位性质, 行业, 所在地, approved?)
EMPLOYERS = [
    ("91110108MA01DEMA1", "北京示范软件有限公司", "39", "I", "110108", True),
    ("91310115MA1KDEMA2", "上海示范金融信息服务有限公司", "32", "J", "310115", True),
    ("91440300MA5FDEMA3", "深圳示范智能制造股份有限公司", "31", "C", "440305", True),
    ("12420000MB0DEMA04", "湖北省示范研究院", "20", "M", "420106", True),
    ("91510100MA6CDEMA5", "成都示范文化传媒有限公司", "39", "R", "510107", False),
]
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def current_cohort():
    """The 届别 being placed now (the console starts there too): after August, next year's."""
    today = time.localtime()
    return today.tm_year + 1 if today.tm_mon >= 9 else today.tm_year


COHORT = current_cohort()


def id_number(rng, index):
    region = rng.choice(["110105", "310104", "440106", "420102", "510107", "320102"])
    birth = f"{rng.randint(2000, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    sequence = f"{index % 1000:03d}"
    first17 = region + birth + sequence
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def credit_code(first17):
    """Appends the GB 32100 check character to 17 characters of the code's alphabet."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS))
    return first17 + CREDIT_ALPHABET[(31 - total % 31) % 31]


def licence_png(text):
    """A small grey PNG standing in for a scanned 营业执照 (its rows vary with `text`)."""
    width, height = 64, 40
    seed = zlib.crc32(text.encode())
    rows = b"".join(b"\x00" + bytes((200 + (x * y + seed) % 40) for x in range(width)) for y in range(height))

    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def multipart(fields, files):
    """A multipart/form-data body: (content type, bytes)."""
    boundary = "----demo-" + uuid.uuid4().hex
    body = b""
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, (file_name, content_type, content) in files.items():
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n").encode() + content + b"\r\n"
    return f"multipart/form-data; boundary={boundary}", body + f"--{boundary}--\r\n".encode()


def seed_employers(base, operator):
    """Registers the demo employers as they would themselves; the operator approves all but the last."""
    made = []
    for index, (first17, name, nature, industry, region, approve) in enumerate(EMPLOYERS):
        code = credit_code(first17)
        password = "Demo" + "".join(random.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8)) + "1"
        content_type, body = multipart({
            "creditCode": code, "name": name, "nature": nature, "industry": industry, "regionCode": region,
            "address": f"示范路{index + 1}号", "contactName": "人事部", "contactPhone": f"1391000{index:04d}",
            "email": f"hr{index + 1}@example.com", "password": password,
        }, {"licence": ("营业执照.png", "image/png", licence_png(code))})
        employer = call(base, "POST", "/api/v1/employers", body, None, content_type)
        if approve:
            employer = call(base, "POST", f"/api/v1/employers/{employer['id']}/approve", None, operator)
        made.append((name, code, password, employer["statusName"]))
    return made


def seed_signing(base, admin, employers, graduates):
    """Opens 网签 for the current 届别 and leaves the demo with records in several states: an
    effective agreement, one awaiting the school, an open offer, an e-agreement application, a
    升学 registration awaiting review, and a 预警单位."""
    call(base, "PUT", "/api/v1/signing-settings", {
        "cohort": COHORT, "agreementType": "threeParty", "signingOpen": True, "reviewMode": "schoolOnly", "maxResponseDays": 7,
        "schoolInfo": {"schoolName": "示范大学", "employmentOffice": "学生就业指导中心", "contactName": "李老师",
                       "contactPhone": "010-62751234", "address": "北京市海淀区示范路1号", "postcode": "100871",
                       "opinion": "同意该生到贵单位就业。"},
    }, admin)
    job = {"jobTitle": "软件开发工程师", "workLocation": "北京市海淀区", "monthlySalaryYuan": 15000, "probationMonths": 3,
           "contractTerm": "3年", "otherTerms": "五险一金，年度体检。"}
    password = "Grad" + "".join(random.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8)) + "1"
    sessions = []
    for graduate in graduates:
        session = call(base, "POST", "/api/v1/graduate-activations", {
            "schoolCode": "10001", "idNumber": graduate["idNumber"], "name": graduate["name"],
            "candidateNumber": graduate["candidateNumber"], "password": password}, None)
        sessions.append(session["accessToken"])
    employer_tokens = [sign_in(base, "employer", code, employer_password)["accessToken"]
                       for _, code, employer_password, status in employers if status == "已通过"]
    offers = []
    for index, graduate in enumerate(graduates[:3]):
        offers.append(call(base, "POST", "/api/v1/offers", {
            "graduateIdNumber": graduate["idNumber"], "graduateName": graduate["name"], "respondWithinDays": 7, "job": job,
        }, employer_tokens[index % len(employer_tokens)], wait_for_sync=30))
    call(base, "POST", f"/api/v1/agreements/{offers[0]['id']}/accept", {}, sessions[0])
    effective = call(base, "POST", f"/api/v1/agreements/{offers[0]['id']}/school-approve", {}, admin)
    call(base, "POST", f"/api/v1/agreements/{offers[1]['id']}/accept", {}, sessions[1])
    employer = {"name": "杭州示范网络科技有限公司", "creditCode": credit_code("91330106MA2CDEMA6"), "nature": "39", "industry": "I",
                "regionCode": "330106", "address": "杭州市西湖区示范路8号", "contactName": "刘经理", "contactPhone": "13911112222"}
    call(base, "POST", "/api/v1/agreement-applications", {"employer": employer, "job": job}, sessions[3])
    # 毕业去向登记: a 升学 with its 录取通知书, awaiting the school; and one 预警单位.
    content_type, body = multipart({}, {"file": ("录取通知书.png", "image/png", licence_png("录取通知书"))})
    proof = call(base, "POST", "/api/v1/attachments", body, sessions[4], content_type)["sha256"]
    call(base, "POST", "/api/v1/destination-registrations", {
        "category": "80", "fields": {"admittingSchool": "北京大学", "admittedMajor": "计算机科学与技术", "studyLevel": "11"},
        "attachmentSha256": proof}, sessions[4])
    warned = employers[-1]
    call(base, "POST", "/api/v1/warning-employers", {"creditCode": warned[1], "employerName": warned[0], "reason": "虚假宣传"}, admin)
    return password, effective["number"]


# 档案/户口信息 as a graduate's form sends it: a receiving unit, the 户口 moving with the file.
ARCHIVE_VALUES = {
    "transferType": "01", "receivingUnitName": "上海示范科技有限公司", "receivingUnitRegion": "310115",
    "receivingUnitAddress": "上海市浦东新区世纪大道100号", "receivingUnitPostcode": "200120", "receivingUnitContact": "李老师",
    "receivingUnitPhone": "13800138000", "transferMethod": "02", "trackingNumber": "EA123456789CN", "migratesHukou": "1",
    "hukouMigrationType": "02", "hukouRegion": "310115", "hukouAddress": "世纪大道100号", "policeStation": "浦东新区陆家嘴派出所",
}


def seed_archive(base, admin, graduates, graduate_password, sync_seconds=30):
    """档案/户口信息 in every state a record shows: graduate 1 registered (approved) with a change
    under review beside the values in force, graduate 2's application refused with a reason,
    graduate 3 registered by the school's direct edit (保留原校, no 户口 move), graduate 4's first
    application awaiting the school; graduate 0 has the effective agreement seed_signing made,
    offered as the receiving unit (同步); everyone else 未登记."""
    call(base, "PUT", "/api/v1/archive-settings", {"cohort": COHORT, "registrationOpen": True, "reviewMode": "schoolOnly"}, admin)
    tokens = {index: sign_in(base, "graduate", graduates[index]["idNumber"], graduate_password)["accessToken"]
              for index in (1, 2, 4)}
    first = call(base, "POST", "/api/v1/archive-applications", {"values": ARCHIVE_VALUES}, tokens[1], wait_for_sync=sync_seconds)
    call(base, "POST", f"/api/v1/archive-applications/{first['id']}/school-approve", {}, admin)
    call(base, "POST", "/api/v1/archive-applications", {
        "values": dict(ARCHIVE_VALUES, receivingUnitName="北京示范软件有限公司", receivingUnitRegion="110108",
                       hukouRegion="110108")}, tokens[1])
    refused = call(base, "POST", "/api/v1/archive-applications", {"values": ARCHIVE_VALUES}, tokens[2], wait_for_sync=sync_seconds)
    call(base, "POST", f"/api/v1/archive-applications/{refused['id']}/school-reject", {"reason": "接收单位地址与单位来函不一致"}, admin)
    call(base, "POST", "/api/v1/archive-applications", {
        "values": dict(ARCHIVE_VALUES, transferType="04", receivingUnitName="北京大学", receivingUnitRegion="110108",
                       hukouMigrationType="03", hukouRegion="110108", hukouAddress="颐和园路5号",
                       policeStation="海淀区燕园派出所")}, tokens[4], wait_for_sync=sync_seconds)
    roster = call(base, "GET", f"/api/v1/graduates?cohort={COHORT}&q={graduates[3]['idNumber']}", None, admin)
    call(base, "PUT", f"/api/v1/archive-records/{roster['items'][0]['id']}", {
        "values": {"transferType": "05", "retentionDeadline": f"{COHORT + 1}-06-30", "migratesHukou": "0"},
        "reason": "毕业生暂未落实接收单位，档案保留原校"}, admin, wait_for_sync=sync_seconds)


def call(base, method, path, body=None, token=None, content_type="application/json", wait_for_sync=0):
    """One API call; the parsed JSON answer, or the script stops with the error.
    `wait_for_sync`: seconds to keep retrying "not found"/"failed precondition", for calls that
    need data to reach esigning through the accounts relay first (events are asynchronous)."""
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    deadline = time.monotonic() + wait_for_sync
    rate_limited = 0
    while True:
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                text = response.read().decode()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            # Sign-in and registration share the gateway's per-address rate limit: wait for it.
            if error.code == 429 and rate_limited < 19:
                rate_limited += 1
                time.sleep(2.5)
                continue
            if error.code in (404, 409) and time.monotonic() < deadline:
                time.sleep(0.3)
                continue
            raise SystemExit(f"{method} {path} failed: {error.code} {text}")


def sign_in(base, kind, identifier, password, school=None):
    body = {"kind": kind, "identifier": identifier, "password": password}
    if school:
        body["schoolCode"] = school
    return call(base, "POST", "/api/v1/sessions", body)


def first_sign_in(base, school, username, initial):
    """Signs in with the initial password and sets the demo password (a must at first sign-in)."""
    session = sign_in(base, "staff", username, initial, school)
    password = "Demo" + "".join(random.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(8)) + "1"
    call(base, "POST", "/api/v1/account/password", {"oldPassword": initial, "newPassword": password}, session["accessToken"])
    return password


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--gateway", default="http://127.0.0.1:8080")
    parser.add_argument("--operator-password", required=True)
    parser.add_argument("--state", required=True)
    parser.add_argument("--graduates", type=int, default=2000)
    args = parser.parse_args()
    base = args.gateway.rstrip("/")

    if os.path.exists(args.state):
        print(open(args.state, encoding="utf-8").read())
        return 0

    operator = sign_in(base, "platformOperator", "operator", args.operator_password)["accessToken"]
    school_code = "10001"
    created = call(base, "POST", "/api/v1/schools",
                   {"code": school_code, "name": "示范大学", "adminUsername": "admin", "adminDisplayName": "张主任"}, operator)
    accounts = [("学校管理员", "admin", first_sign_in(base, school_code, "admin", created["initialPassword"]))]
    admin = sign_in(base, "staff", "admin", accounts[0][2], school_code)["accessToken"]

    departments = {}
    for name in DEPARTMENTS:
        departments[name] = call(base, "POST", "/api/v1/departments", {"name": name}, admin)["id"]
    for role, role_name, username, department in [
        ("schoolOperator", "学校操作员", "operator1", None),
        ("departmentAdmin", "院系管理员", "cs-admin", "计算机学院"),
        ("departmentOperator", "院系操作员", "fl-operator", "外国语学院"),
    ]:
        body = {"username": username, "displayName": role_name, "role": role,
                "modules": ["esigning", "archive", "confirmation", "transferVerification"]}
        if department:
            body["departmentId"] = departments[department]
        made = call(base, "POST", "/api/v1/staff-accounts", body, admin)
        accounts.append((role_name, username, first_sign_in(base, school_code, username, made["initialPassword"])))

    rng = random.Random(20240601)
    header = "院系,专业,学历,考生号,姓名,身份证号,学号,性别,届别,毕业时间,学制,培养方式,定向/委培单位,生源所在地,手机号"
    lines = [header]
    demo_graduates = []
    for index in range(args.graduates):
        department = DEPARTMENTS[index % len(DEPARTMENTS)]
        major = rng.choice(MAJORS[department])
        level = rng.choices(["本科", "硕士研究生", "博士研究生", "专科"], [70, 20, 3, 7])[0]
        mode = rng.choices(["非定向", "定向", "委培"], [92, 5, 3])[0]
        unit = "某市教育局" if mode != "非定向" else ""
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        identity = id_number(rng, index)
        lines.append(",".join([
            department, major, level, f"24{index:012d}", name, identity, f"2020{index:06d}", "",
            str(COHORT), f"{COHORT}06", "4" if level == "本科" else "3", mode, unit, "110105", f"138{index:08d}",
        ]))
        if mode == "非定向" and len(demo_graduates) < 5:
            demo_graduates.append({"name": name, "idNumber": identity, "candidateNumber": f"24{index:012d}"})
    result = call(base, "POST", "/api/v1/graduates/imports", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode(), admin, "text/csv")
    if result["errors"]:
        raise SystemExit(f"demo roster rejected: {result['errors'][:5]}")

    report = [f"demo school {school_code} 示范大学: {result['imported']} graduates, {len(DEPARTMENTS)} 院系",
              "sign in at the gateway with 院校代码 10001 and:"]
    report += [f"  {role}: username {username}, password {password}" for role, username, password in accounts]
    employers = seed_employers(base, operator)
    report.append("demo employers (用人单位), sign in with kind employer, 统一社会信用代码 and:")
    report += [f"  {name} ({status}): credit code {code}, password {password}" for name, code, password, status in employers]
    graduate_password, number = seed_signing(base, admin, employers, demo_graduates)
    report.append(f"网签 is open for {COHORT}届; agreement {number} is effective (签约审核通过), one awaits the school's review,")
    report.append("one offer waits for its graduate, one e-agreement application and one 升学 registration await review;")
    report.append(f"{employers[-1][0]} is on the school's 预警单位 list.")
    seed_archive(base, admin, demo_graduates, graduate_password)
    report.append("档案/户口信息 is open for registration: two records 已登记 (one with a change under review), one")
    report.append("application refused, one awaiting the school; the effective agreement is offered as a receiving unit.")
    report.append("demo graduates (sign in with kind graduate and the 身份证号; others activate their own accounts):")
    report += [f"  {g['name']}: 身份证号 {g['idNumber']}, password {graduate_password}" for g in demo_graduates]
    text = "\n".join(report) + "\n"
    with open(args.state, "w", encoding="utf-8") as state:
        state.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
