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
import urllib.error
import urllib.request

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


def id_number(rng, index):
    region = rng.choice(["110105", "310104", "440106", "420102", "510107", "320102"])
    birth = f"{rng.randint(2000, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    sequence = f"{index % 1000:03d}"
    first17 = region + birth + sequence
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def call(base, method, path, body=None, token=None, content_type="application/json"):
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            text = response.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path} failed: {error.code} {error.read().decode()}")


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
    for index in range(args.graduates):
        department = DEPARTMENTS[index % len(DEPARTMENTS)]
        major = rng.choice(MAJORS[department])
        level = rng.choices(["本科", "硕士研究生", "博士研究生", "专科"], [70, 20, 3, 7])[0]
        mode = rng.choices(["非定向", "定向", "委培"], [92, 5, 3])[0]
        unit = "某市教育局" if mode != "非定向" else ""
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
        lines.append(",".join([
            department, major, level, f"24{index:012d}", name, id_number(rng, index), f"2020{index:06d}", "",
            "2024", "202406", "4" if level == "本科" else "3", mode, unit, "110105", f"138{index:08d}",
        ]))
    result = call(base, "POST", "/api/v1/graduates/imports", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode(), admin, "text/csv")
    if result["errors"]:
        raise SystemExit(f"demo roster rejected: {result['errors'][:5]}")

    report = [f"demo school {school_code} 示范大学: {result['imported']} graduates, {len(DEPARTMENTS)} 院系",
              "sign in at the gateway with 院校代码 10001 and:"]
    report += [f"  {role}: username {username}, password {password}" for role, username, password in accounts]
    report.append("employer and graduate accounts arrive with their sign-in (next issues)")
    text = "\n".join(report) + "\n"
    with open(args.state, "w", encoding="utf-8") as state:
        state.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
