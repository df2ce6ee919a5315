/// The OpenAPI 3 document of the whole HTTP API, served at `/api/v1/openapi.json`.
/// `GatewayRouteTests` checks that every route the gateway serves is here and nothing else is.
enum OpenAPIDocument {
    static let json = #"""
{
 "openapi": "3.0.3",
 "info": {
  "title": "毕业去向登记与网签系统 API",
  "version": "1.0.0",
  "description": "JSON，camelCase；时间为带时区的 RFC 3339（北京时间）。错误体见 Error。每个操作列出它会返回的 4xx 状态；下游服务不可用、超时或内部错误时为 5xx（503、504、500），响应体同为 Error；已知路径用错方法为 405（带 Allow）。查询参数留空（如 cohort=）等于不传（pageSize 除外）。"
 },
 "servers": [
  {
   "url": "/"
  }
 ],
 "security": [
  {
   "bearer": []
  }
 ],
 "paths": {
  "/alive": {
   "get": {
    "summary": "网关存活检查",
    "tags": [
     "运维"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "text/plain": {
        "schema": {
         "type": "string"
        }
       }
      }
     }
    },
    "security": []
   }
  },
  "/health": {
   "get": {
    "summary": "检查网关及各下游服务",
    "tags": [
     "运维"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     },
     "503": {
      "description": "有下游服务不可用",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Health"
        }
       }
      }
     }
    },
    "security": []
   }
  },
  "/api/v1/openapi.json": {
   "get": {
    "summary": "本文档",
    "tags": [
     "运维"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object"
        }
       }
      }
     }
    },
    "security": []
   }
  },
  "/api/v1/sessions": {
   "post": {
    "summary": "登录",
    "tags": [
     "登录"
    ],
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Session"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "409": {
      "description": "需要验证码（code: captcha_required）",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "429": {
      "$ref": "#/components/responses/SignInLimited"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SignIn"
       }
      }
     }
    },
    "security": []
   }
  },
  "/api/v1/sessions/refresh": {
   "post": {
    "summary": "用刷新令牌换取新令牌（旧刷新令牌随即失效）",
    "tags": [
     "登录"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Session"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/RefreshToken"
       }
      }
     }
    },
    "security": []
   }
  },
  "/api/v1/sessions/sign-out": {
   "post": {
    "summary": "退出登录（吊销刷新令牌）",
    "tags": [
     "登录"
    ],
    "responses": {
     "204": {
      "description": "已退出"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/RefreshToken"
       }
      }
     }
    },
    "security": []
   }
  },
  "/api/v1/captchas": {
   "post": {
    "summary": "获取验证码图片",
    "tags": [
     "登录"
    ],
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Captcha"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "security": []
   }
  },
  "/api/v1/account": {
   "get": {
    "summary": "当前登录账号（页头与模块选择）",
    "tags": [
     "登录"
    ],
    "responses": {
     "200": {
      "description": "当前账号",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/MyAccount"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     }
    }
   }
  },
  "/api/v1/account/password": {
   "post": {
    "summary": "修改本人密码",
    "tags": [
     "登录"
    ],
    "responses": {
     "204": {
      "description": "已修改"
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/PasswordChange"
       }
      }
     }
    }
   }
  },
  "/api/v1/schools": {
   "post": {
    "summary": "创建学校及其学校管理员（平台运维）",
    "tags": [
     "学校"
    ],
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CreatedSchool"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewSchool"
       }
      }
     }
    }
   },
   "get": {
    "summary": "学校列表（平台运维）",
    "tags": [
     "学校"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/School"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/departments": {
   "post": {
    "summary": "创建院系（学校管理员）",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Department"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewDepartment"
       }
      }
     }
    }
   },
   "get": {
    "summary": "院系列表",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Department"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/staff-accounts": {
   "post": {
    "summary": "创建账号（学校管理员）",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CreatedStaffAccount"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewStaffAccount"
       }
      }
     }
    }
   },
   "get": {
    "summary": "账号列表（学校管理员）",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/StaffAccount"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/staff-accounts/{id}/enable": {
   "post": {
    "summary": "启用账号",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StaffAccount"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/staff-accounts/{id}/disable": {
   "post": {
    "summary": "停用账号（同时使其所有登录失效）",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/StaffAccount"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/staff-accounts/{id}/reset-password": {
   "post": {
    "summary": "重置密码",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/InitialPassword"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/graduates": {
   "get": {
    "summary": "学生名单（院系账号只看本院系）",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          },
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Graduate"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    },
    "parameters": [
     {
      "name": "department",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "major",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "educationLevel",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "trainingMode",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "cohort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "姓名、身份证号、学号或考生号的一部分",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     }
    ]
   },
   "post": {
    "summary": "添加学生",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Graduate"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewGraduate"
       }
      }
     }
    }
   }
  },
  "/api/v1/graduates/{id}": {
   "put": {
    "summary": "修改学生信息（身份证号、培养方式除外）",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Graduate"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/GraduateInput"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/graduates/{id}/remove": {
   "post": {
    "summary": "从学生名单删除（保留历史）",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Graduate"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Removal"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/graduates/{id}/training-mode": {
   "post": {
    "summary": "修改培养方式（记入培养方式修改记录）",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/TrainingModeChange"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TrainingModeInput"
       }
      }
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/graduates/imports": {
   "post": {
    "summary": "导入学生名单：CSV（UTF-8）或Excel（.xlsx，第一个工作表）；有任何错误行则不导入",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ImportResult"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "413": {
      "description": "文件超过10MB",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "不是CSV或Excel",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "422": {
      "description": "有错误行，未导入任何数据",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ImportResult"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "text/csv": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      },
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      }
     }
    }
   }
  },
  "/api/v1/graduates/template": {
   "get": {
    "summary": "下载学生名单导入模板",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "text/csv": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/training-mode-changes": {
   "get": {
    "summary": "培养方式修改记录",
    "tags": [
     "学生名单管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          },
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/TrainingModeChange"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    },
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     }
    ]
   }
  },
  "/api/v1/graduate-activations": {
   "post": {
    "summary": "毕业生激活账号（身份证号、姓名、考生号须与学生名单一致）",
    "tags": [
     "登录"
    ],
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/Activation"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已激活并登录",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Session"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "429": {
      "$ref": "#/components/responses/SignInLimited"
     }
    }
   }
  },
  "/api/v1/api-keys": {
   "post": {
    "summary": "创建就业管理系统接口密钥（学校管理员）",
    "tags": [
     "接口密钥"
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/NewApiKey"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已创建",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/CreatedApiKey"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   },
   "get": {
    "summary": "接口密钥列表（学校管理员）",
    "tags": [
     "接口密钥"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/ApiKey"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/api-keys/{id}/revoke": {
   "post": {
    "summary": "吊销接口密钥",
    "tags": [
     "接口密钥"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "已吊销",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/ApiKey"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     }
    }
   }
  },
  "/api/v1/api-key-sessions": {
   "post": {
    "summary": "用接口密钥换取短期访问令牌（就业管理系统）",
    "tags": [
     "接口密钥"
    ],
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ApiKeyExchange"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AccessToken"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    }
   }
  },
  "/api/v1/departments/{id}/reviewers/{module}": {
   "put": {
    "summary": "设置或取消院系审核人（每个院系每个模块一人，学校管理员）",
    "tags": [
     "账号管理"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "module",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "enum": [
        "esigning",
        "archive",
        "confirmation",
        "transferVerification"
       ]
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ReviewerChoice"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/DepartmentReviewer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/department-reviewers": {
   "get": {
    "summary": "院系审核人列表",
    "tags": [
     "账号管理"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/DepartmentReviewer"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/employers": {
   "post": {
    "summary": "用人单位注册（表单上传，含营业执照扫描件），注册后待平台审核",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "201": {
      "description": "已注册，待审核",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Employer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "409": {
      "description": "该统一社会信用代码已注册",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "413": {
      "description": "文件超过10MB",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "不是表单上传（multipart/form-data）",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    },
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "multipart/form-data": {
       "schema": {
        "$ref": "#/components/schemas/EmployerRegistration"
       }
      }
     }
    }
   },
   "get": {
    "summary": "用人单位列表（平台运维）",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          },
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Employer"
           }
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    },
    "parameters": [
     {
      "name": "status",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "pending",
        "approved",
        "rejected"
       ]
      },
      "description": "pending 待审核，approved 已通过，rejected 未通过",
      "allowEmptyValue": true
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "单位名称或统一社会信用代码的一部分",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     }
    ]
   }
  },
  "/api/v1/employers/{id}": {
   "get": {
    "summary": "用人单位详情（平台运维或该单位本身）",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Employer"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/employers/{id}/licence": {
   "get": {
    "summary": "下载营业执照扫描件（平台运维或该单位本身）",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/pdf": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/jpeg": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/png": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/employers/{id}/approve": {
   "post": {
    "summary": "审核通过（平台运维；仅待审核的单位）",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "200": {
      "description": "已通过",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Employer"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ]
   }
  },
  "/api/v1/employers/{id}/reject": {
   "post": {
    "summary": "审核不通过，须填写原因（平台运维；仅待审核的单位）",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "200": {
      "description": "未通过",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Employer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    },
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/EmployerRejection"
       }
      }
     }
    }
   }
  },
  "/api/v1/employer": {
   "get": {
    "summary": "本单位的信息与审核状态（用人单位）",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Employer"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/employer/resubmission": {
   "post": {
    "summary": "修改后重新提交审核（用人单位；仅未通过时），可换营业执照",
    "tags": [
     "用人单位"
    ],
    "responses": {
     "200": {
      "description": "已重新提交，待审核",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Employer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "description": "文件超过10MB",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "不是表单上传（multipart/form-data）",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    },
    "requestBody": {
     "required": true,
     "content": {
      "multipart/form-data": {
       "schema": {
        "$ref": "#/components/schemas/EmployerResubmission"
       }
      }
     }
    }
   }
  },
  "/api/v1/code-lists": {
   "get": {
    "summary": "代码表：学历、培养方式、性别、单位性质、行业、签约状态、毕业去向、升学学历层次、解约状态、去向登记状态、统计列（下拉选项）",
    "tags": [
     "代码表"
    ],
    "security": [],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "educationLevels",
          "trainingModes",
          "genders",
          "employerNatures",
          "industries",
          "signingStatuses",
          "destinationCategories",
          "studyLevels",
          "terminationStatuses",
          "registrationStatuses",
          "statisticsColumns"
         ],
         "properties": {
          "educationLevels": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           }
          },
          "trainingModes": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           }
          },
          "genders": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           }
          },
          "employerNatures": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           }
          },
          "industries": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           }
          },
          "signingStatuses": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           },
           "description": "签约状态（代码与名称）"
          },
          "destinationCategories": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name",
             "placed",
             "proofName",
             "fields"
            ],
            "properties": {
             "code": {
              "type": "string",
              "description": "毕业去向代码"
             },
             "name": {
              "type": "string",
              "description": "毕业去向名称"
             },
             "placed": {
              "type": "boolean",
              "description": "计入落实率（就业或升学）"
             },
             "proofName": {
              "type": "string",
              "nullable": true,
              "description": "须上传的证明材料，如录取通知书；null：不需要"
             },
             "fields": {
              "type": "array",
              "items": {
               "type": "object",
               "required": [
                "key",
                "label",
                "required"
               ],
               "properties": {
                "key": {
                 "type": "string",
                 "description": "字段键（登记时 fields 的键）"
                },
                "label": {
                 "type": "string",
                 "description": "字段名称"
                },
                "required": {
                 "type": "boolean",
                 "description": "必填"
                }
               },
               "additionalProperties": false
              },
              "description": "登记表的字段，按显示顺序"
             }
            },
            "additionalProperties": false
           },
           "description": "可登记的毕业去向（不含10 签就业协议形式就业）"
          },
          "studyLevels": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           },
           "description": "升学的学历层次（studyLevel 字段）"
          },
          "terminationStatuses": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           },
           "description": "解约状态（代码与名称）"
          },
          "registrationStatuses": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "code",
             "name"
            ],
            "properties": {
             "code": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           },
           "description": "去向登记状态（代码与名称）"
          },
          "statisticsColumns": {
           "type": "array",
           "items": {
            "type": "object",
            "required": [
             "key",
             "name"
            ],
            "properties": {
             "key": {
              "type": "string"
             },
             "name": {
              "type": "string"
             }
            },
            "additionalProperties": false
           },
           "description": "数据统计的列，按表中顺序"
          }
         },
         "additionalProperties": false
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/signing-settings": {
   "get": {
    "summary": "签约设置（届别）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别（4位年份）"
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SigningSettings"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   },
   "put": {
    "summary": "保存签约设置（学校管理员）；有网签业务后协议类型不可修改",
    "tags": [
     "毕业去向登记与网签"
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/SigningSettingsInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SigningSettings"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/signing-templates/agreement": {
   "get": {
    "summary": "下载空白就业协议书模板（含学校信息，签约设置）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别，如2025"
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/pdf": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     }
    }
   }
  },
  "/api/v1/offers": {
   "post": {
    "summary": "用人单位向毕业生发起签约（按身份证号+姓名）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/OfferInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已发起，等待毕业生回应",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Agreement"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "description": "名单中没有该毕业生",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/agreement-applications": {
   "post": {
    "summary": "毕业生申请电子就业协议书（线下签约）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AgreementApplicationInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已提交，等待审核",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Agreement"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/back-registrations": {
   "post": {
    "summary": "毕业生补登已签订的纸质就业协议",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/BackRegistrationInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已提交，等待审核",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Agreement"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/attachments": {
   "post": {
    "summary": "上传扫描件（PDF、JPG或PNG，最大10MB）：表单的 file 部分，或请求体即文件",
    "tags": [
     "毕业去向登记与网签"
    ],
    "requestBody": {
     "required": true,
     "content": {
      "multipart/form-data": {
       "schema": {
        "type": "object",
        "required": [
         "file"
        ],
        "properties": {
         "file": {
          "type": "string",
          "format": "binary"
         }
        },
        "description": "文件部分名为 file"
       }
      },
      "application/pdf": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      },
      "image/jpeg": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      },
      "image/png": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已上传",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/UploadedAttachment"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "413": {
      "description": "文件超过10MB",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "不是表单上传或支持的文件类型",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     }
    }
   }
  },
  "/api/v1/agreements": {
   "get": {
    "summary": "签约记录列表（学校、院系：在线签约管理；毕业生、单位：自己的）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别",
      "allowEmptyValue": true
     },
     {
      "name": "department",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "院系",
      "allowEmptyValue": true
     },
     {
      "name": "major",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "专业",
      "allowEmptyValue": true
     },
     {
      "name": "educationLevel",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "学历代码",
      "allowEmptyValue": true
     },
     {
      "name": "status",
      "in": "query",
      "required": false,
      "schema": {
       "type": "array",
       "items": {
        "type": "string",
        "enum": [
         "offered",
         "acceptedAwaitingDepartment",
         "acceptedAwaitingSchool",
         "refusedByGraduate",
         "expired",
         "withdrawnByEmployer",
         "applicationAwaitingDepartment",
         "applicationAwaitingSchool",
         "applicationApproved",
         "applicationDepartmentRejected",
         "applicationSchoolRejected",
         "signedAwaitingDepartment",
         "signedAwaitingSchool",
         "withdrawnByGraduate",
         "departmentRejected",
         "schoolRejected",
         "effective",
         "backRegistrationAwaitingDepartment",
         "backRegistrationAwaitingSchool",
         "backRegistrationRejected",
         "backRegistrationEffective",
         "voided",
         "terminated"
        ]
       }
      },
      "style": "form",
      "explode": true,
      "description": "状态代码，可重复或以逗号分隔",
      "allowEmptyValue": true
     },
     {
      "name": "flow",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "employerOffer",
        "graduateApplication",
        "backRegistration"
       ]
      },
      "description": "签约方式",
      "allowEmptyValue": true
     },
     {
      "name": "flows",
      "in": "query",
      "required": false,
      "schema": {
       "type": "array",
       "items": {
        "type": "string",
        "enum": [
         "employerOffer",
         "graduateApplication",
         "backRegistration"
        ]
       }
      },
      "style": "form",
      "explode": true,
      "description": "签约方式（任一），可重复或以逗号分隔；数据统计的列用它指明筛选",
      "allowEmptyValue": true
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "姓名、身份证号、学号、单位名称或协议编号的一部分",
      "allowEmptyValue": true
     },
     {
      "name": "from",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "更新日期起（YYYY-MM-DD，北京时间）",
      "allowEmptyValue": true
     },
     {
      "name": "to",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "更新日期止（含当天）",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "xlsx"
       ]
      },
      "description": "xlsx：导出同样筛选的Excel文件",
      "allowEmptyValue": true
     }
    ],
    "responses": {
     "200": {
      "description": "成功（format=xlsx 时为Excel文件）",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Agreement"
           }
          },
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          }
         },
         "additionalProperties": false
        }
       },
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/agreements/{id}": {
   "get": {
    "summary": "签约记录详情（含办理记录与附件）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Agreement"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/agreements/{id}/pdf": {
   "get": {
    "summary": "下载就业协议书PDF（含协议编号与核验二维码）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/pdf": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     }
    }
   }
  },
  "/api/v1/agreements/{id}/attachments/{sha256}": {
   "get": {
    "summary": "下载签约记录的附件（扫描件）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "sha256",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/pdf": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/jpeg": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/png": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/agreements/{id}/{action}": {
   "post": {
    "summary": "办理签约：同意、拒绝、撤回、重新提交、上传已签协议、院系/学校审核、修改、作废",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "action",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "enum": [
        "accept",
        "refuse",
        "withdraw",
        "resubmit",
        "upload-signed",
        "department-approve",
        "department-reject",
        "school-approve",
        "school-reject",
        "amend",
        "void"
       ]
      },
      "description": "accept 同意签约，refuse 拒绝，withdraw 撤回，resubmit 修改后重新提交，upload-signed 上传已签协议，department-approve / department-reject 院系审核，school-approve / school-reject 学校审核，amend 学校修改，void 学校作废"
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/AgreementActionInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Agreement"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/signing-counters": {
   "get": {
    "summary": "网签模块首页的待审核计数（学校或院系）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别",
      "allowEmptyValue": true
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/SigningCounters"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/agreement-verifications": {
   "post": {
    "summary": "核验就业协议书PDF是否为本系统出具（无需登录）",
    "tags": [
     "协议核验"
    ],
    "security": [],
    "requestBody": {
     "required": true,
     "content": {
      "multipart/form-data": {
       "schema": {
        "type": "object",
        "required": [
         "file"
        ],
        "properties": {
         "file": {
          "type": "string",
          "format": "binary"
         }
        }
       }
      },
      "application/pdf": {
       "schema": {
        "type": "string",
        "format": "binary"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AgreementVerification"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "413": {
      "description": "文件超过10MB",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "415": {
      "description": "不是表单上传或PDF",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Error"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    }
   }
  },
  "/api/v1/agreement-verifications/{id}": {
   "get": {
    "summary": "按协议二维码中的链接核验（无需登录）",
    "tags": [
     "协议核验"
    ],
    "security": [],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/AgreementVerification"
        }
       }
      }
     },
     "429": {
      "$ref": "#/components/responses/RateLimited"
     }
    }
   }
  },
  "/api/v1/agreements/{id}/terminations": {
   "post": {
    "summary": "毕业生或签约单位申请解约（线下签订的协议须附解约函）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "签约记录id"
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TerminationInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已申请，等待对方确认或审核",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Termination"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/agreements/{id}/forced-termination": {
   "post": {
    "summary": "学校强制解约（须上传解约证明并填写原因）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "签约记录id"
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/ForcedTerminationInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已强制解约",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Termination"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/terminations": {
   "get": {
    "summary": "解约记录列表（学校、院系：解约管理；毕业生、单位：自己的）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别",
      "allowEmptyValue": true
     },
     {
      "name": "department",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "院系",
      "allowEmptyValue": true
     },
     {
      "name": "major",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "专业",
      "allowEmptyValue": true
     },
     {
      "name": "educationLevel",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "学历代码",
      "allowEmptyValue": true
     },
     {
      "name": "status",
      "in": "query",
      "required": false,
      "schema": {
       "type": "array",
       "items": {
        "type": "string",
        "enum": [
         "employerRequested",
         "graduateRequested",
         "counterpartyRefused",
         "awaitingDepartment",
         "awaitingSchool",
         "offlineAwaitingDepartment",
         "offlineAwaitingSchool",
         "approved",
         "rejected",
         "forced"
        ]
       }
      },
      "style": "form",
      "explode": true,
      "description": "状态代码，可重复或以逗号分隔",
      "allowEmptyValue": true
     },
     {
      "name": "kind",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "online",
        "offline"
       ]
      },
      "description": "online 线上解约，offline 线下解约",
      "allowEmptyValue": true
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "姓名、身份证号、学号、单位名称或协议编号的一部分",
      "allowEmptyValue": true
     },
     {
      "name": "from",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "更新日期起（YYYY-MM-DD，北京时间）",
      "allowEmptyValue": true
     },
     {
      "name": "to",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "更新日期止（含当天）",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "xlsx"
       ]
      },
      "description": "xlsx：导出同样筛选的Excel文件",
      "allowEmptyValue": true
     }
    ],
    "responses": {
     "200": {
      "description": "成功（format=xlsx 时为Excel文件）",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/Termination"
           }
          },
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          }
         },
         "additionalProperties": false
        }
       },
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/terminations/{id}": {
   "get": {
    "summary": "解约记录详情（含办理记录与附件）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Termination"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/terminations/{id}/attachments/{sha256}": {
   "get": {
    "summary": "下载解约记录的附件（解约函、解约证明）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "sha256",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/pdf": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/jpeg": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/png": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/terminations/{id}/{action}": {
   "post": {
    "summary": "办理解约：对方同意或不同意、院系/学校审核、线下解约重新提交、强制解约",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "action",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "enum": [
        "agree",
        "disagree",
        "department-approve",
        "department-reject",
        "school-approve",
        "school-reject",
        "resubmit",
        "force"
       ]
      },
      "description": "agree 同意解约，disagree 不同意解约（对方办理），department-approve / department-reject 院系审核，school-approve / school-reject 学校审核，resubmit 线下解约修改后重新提交（毕业生），force 强制解约（学校）"
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/TerminationActionInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Termination"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/destination-registrations": {
   "post": {
    "summary": "登记其他毕业去向（毕业生；学校可代毕业生登记，直接生效）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DestinationRegistrationInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已登记（毕业生登记的等待审核）",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/DestinationRegistration"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   },
   "get": {
    "summary": "去向登记列表（学校、院系：去向登记管理；毕业生：自己的）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别",
      "allowEmptyValue": true
     },
     {
      "name": "department",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "院系",
      "allowEmptyValue": true
     },
     {
      "name": "major",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "专业",
      "allowEmptyValue": true
     },
     {
      "name": "educationLevel",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "学历代码",
      "allowEmptyValue": true
     },
     {
      "name": "status",
      "in": "query",
      "required": false,
      "schema": {
       "type": "array",
       "items": {
        "type": "string",
        "enum": [
         "awaitingDepartment",
         "awaitingSchool",
         "approved",
         "rejected",
         "voidRequestAwaitingDepartment",
         "voidRequestAwaitingSchool",
         "voided",
         "withdrawn"
        ]
       }
      },
      "style": "form",
      "explode": true,
      "description": "状态代码，可重复或以逗号分隔",
      "allowEmptyValue": true
     },
     {
      "name": "category",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "11",
        "12",
        "27",
        "46",
        "50",
        "51",
        "75",
        "76",
        "80",
        "85",
        "70",
        "71",
        "72"
       ]
      },
      "description": "毕业去向代码",
      "allowEmptyValue": true
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "姓名、身份证号、学号或单位、学校名称的一部分",
      "allowEmptyValue": true
     },
     {
      "name": "from",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "更新日期起（YYYY-MM-DD，北京时间）",
      "allowEmptyValue": true
     },
     {
      "name": "to",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "更新日期止（含当天）",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "xlsx"
       ]
      },
      "description": "xlsx：导出同样筛选的Excel文件",
      "allowEmptyValue": true
     }
    ],
    "responses": {
     "200": {
      "description": "成功（format=xlsx 时为Excel文件）",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/DestinationRegistration"
           }
          },
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          }
         },
         "additionalProperties": false
        }
       },
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/destination-registrations/{id}": {
   "get": {
    "summary": "去向登记详情（含办理记录与附件）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/DestinationRegistration"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/destination-registrations/{id}/attachments/{sha256}": {
   "get": {
    "summary": "下载去向登记的证明材料",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "sha256",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/pdf": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/jpeg": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       },
       "image/png": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/destination-registrations/{id}/{action}": {
   "post": {
    "summary": "办理去向登记：院系/学校审核、重新提交、撤回、学校修改或作废、申请作废原有毕业去向",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "id",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      }
     },
     {
      "name": "action",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string",
       "enum": [
        "department-approve",
        "department-reject",
        "school-approve",
        "school-reject",
        "resubmit",
        "withdraw",
        "amend",
        "void",
        "request-void"
       ]
      },
      "description": "department-approve / department-reject 院系审核，school-approve / school-reject 学校审核，resubmit 修改后重新提交，withdraw 撤回，request-void 申请作废原有毕业去向（毕业生），amend 学校修改，void 学校作废"
     },
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": false,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/DestinationRegistrationActionInput"
       }
      }
     }
    },
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/DestinationRegistration"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/invalid-records": {
   "get": {
    "summary": "失效信息列表（被移出学生名单的毕业生的签约、补登、解约和去向登记记录）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别",
      "allowEmptyValue": true
     },
     {
      "name": "department",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "院系",
      "allowEmptyValue": true
     },
     {
      "name": "major",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "专业",
      "allowEmptyValue": true
     },
     {
      "name": "educationLevel",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "学历代码",
      "allowEmptyValue": true
     },
     {
      "name": "kind",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "agreement",
        "termination",
        "registration"
       ]
      },
      "description": "agreement 签约（含补登），termination 解约，registration 去向登记",
      "allowEmptyValue": true
     },
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "姓名、身份证号或学号的一部分",
      "allowEmptyValue": true
     },
     {
      "name": "from",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "失效日期起（YYYY-MM-DD，北京时间）",
      "allowEmptyValue": true
     },
     {
      "name": "to",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "format": "date"
      },
      "description": "失效日期止（含当天）",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "xlsx"
       ]
      },
      "description": "xlsx：导出同样筛选的Excel文件",
      "allowEmptyValue": true
     }
    ],
    "responses": {
     "200": {
      "description": "成功（format=xlsx 时为Excel文件）",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/InvalidRecord"
           }
          },
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          }
         },
         "additionalProperties": false
        }
       },
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  },
  "/api/v1/warning-employers": {
   "get": {
    "summary": "预警单位列表（本校列入的和全国预警单位）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "q",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "单位名称或统一社会信用代码的一部分",
      "allowEmptyValue": true
     },
     {
      "name": "nationalOnly",
      "in": "query",
      "required": false,
      "schema": {
       "type": "boolean"
      },
      "description": "true：只看全国预警单位（5所及以上高校列入）",
      "allowEmptyValue": true
     },
     {
      "name": "pageSize",
      "in": "query",
      "required": false,
      "schema": {
       "type": "integer",
       "minimum": 0,
       "maximum": 200,
       "format": "int32"
      },
      "description": "每页条数（1到200；0或省略为20）"
     },
     {
      "name": "pageToken",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "",
      "allowEmptyValue": true
     }
    ],
    "responses": {
     "200": {
      "description": "成功",
      "content": {
       "application/json": {
        "schema": {
         "type": "object",
         "required": [
          "items",
          "total"
         ],
         "properties": {
          "items": {
           "type": "array",
           "items": {
            "$ref": "#/components/schemas/WarningEmployer"
           }
          },
          "total": {
           "type": "integer"
          },
          "nextPageToken": {
           "type": "string"
          }
         },
         "additionalProperties": false
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   },
   "post": {
    "summary": "将单位列入本校预警单位（学校管理员、学校操作员）",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "Idempotency-Key",
      "in": "header",
      "required": false,
      "schema": {
       "type": "string"
      },
      "description": "同一操作重试时使用相同的键，操作只执行一次"
     }
    ],
    "requestBody": {
     "required": true,
     "content": {
      "application/json": {
       "schema": {
        "$ref": "#/components/schemas/WarningEmployerInput"
       }
      }
     }
    },
    "responses": {
     "201": {
      "description": "已列入",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/WarningEmployer"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "409": {
      "$ref": "#/components/responses/Conflict"
     },
     "413": {
      "$ref": "#/components/responses/PayloadTooLarge"
     },
     "415": {
      "$ref": "#/components/responses/UnsupportedMediaType"
     }
    }
   }
  },
  "/api/v1/warning-employers/{creditCode}": {
   "delete": {
    "summary": "将单位移出本校预警单位",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "creditCode",
      "in": "path",
      "required": true,
      "schema": {
       "type": "string"
      },
      "description": "统一社会信用代码"
     }
    ],
    "responses": {
     "200": {
      "description": "已移出（返回移出前的记录）",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/WarningEmployer"
        }
       }
      }
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     },
     "404": {
      "$ref": "#/components/responses/NotFound"
     }
    }
   }
  },
  "/api/v1/signing-statistics": {
   "get": {
    "summary": "数据统计：各院系的签约、解约、补登和去向登记人数与落实率",
    "tags": [
     "毕业去向登记与网签"
    ],
    "parameters": [
     {
      "name": "cohort",
      "in": "query",
      "required": true,
      "schema": {
       "type": "integer",
       "minimum": 2000,
       "maximum": 2100,
       "format": "int32"
      },
      "description": "届别（4位年份）"
     },
     {
      "name": "format",
      "in": "query",
      "required": false,
      "schema": {
       "type": "string",
       "enum": [
        "xlsx"
       ]
      },
      "description": "xlsx：导出Excel文件",
      "allowEmptyValue": true
     }
    ],
    "responses": {
     "200": {
      "description": "成功（format=xlsx 时为Excel文件）",
      "content": {
       "application/json": {
        "schema": {
         "$ref": "#/components/schemas/Statistics"
        }
       },
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {
         "type": "string",
         "format": "binary"
        }
       }
      }
     },
     "400": {
      "$ref": "#/components/responses/BadRequest"
     },
     "401": {
      "$ref": "#/components/responses/Unauthenticated"
     },
     "403": {
      "$ref": "#/components/responses/PermissionDenied"
     }
    }
   }
  }
 },
 "components": {
  "securitySchemes": {
   "bearer": {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT"
   }
  },
  "schemas": {
   "Error": {
    "type": "object",
    "required": [
     "error"
    ],
    "properties": {
     "error": {
      "type": "object",
      "required": [
       "code",
       "message"
      ],
      "properties": {
       "code": {
        "type": "string",
        "description": "机器可读的错误码，如 invalid_argument、unauthenticated、captcha_required、rate_limited"
       },
       "message": {
        "type": "string",
        "description": "给人看的中文说明"
       },
       "field": {
        "type": "string",
        "description": "出错的字段（输入校验错误时）"
       },
       "requestId": {
        "type": "string"
       }
      },
      "additionalProperties": false
     }
    },
    "additionalProperties": false
   },
   "SignIn": {
    "type": "object",
    "required": [
     "kind",
     "identifier",
     "password"
    ],
    "properties": {
     "kind": {
      "type": "string",
      "enum": [
       "staff",
       "graduate",
       "employer",
       "platformOperator"
      ]
     },
     "schoolCode": {
      "type": "string",
      "description": "院校代码（学校人员登录时必填）",
      "nullable": true
     },
     "identifier": {
      "type": "string",
      "description": "用户名、身份证号或统一社会信用代码",
      "minLength": 1
     },
     "password": {
      "type": "string",
      "minLength": 1
     },
     "captchaId": {
      "type": "string",
      "nullable": true
     },
     "captchaAnswer": {
      "type": "string",
      "nullable": true
     }
    }
   },
   "Session": {
    "type": "object",
    "required": [
     "accessToken",
     "accessExpiresAt",
     "refreshToken",
     "refreshExpiresAt",
     "displayName",
     "schoolName",
     "mustChangePassword"
    ],
    "properties": {
     "accessToken": {
      "type": "string"
     },
     "accessExpiresAt": {
      "type": "string",
      "format": "date-time"
     },
     "refreshToken": {
      "type": "string"
     },
     "refreshExpiresAt": {
      "type": "string",
      "format": "date-time"
     },
     "displayName": {
      "type": "string"
     },
     "schoolName": {
      "type": "string"
     },
     "mustChangePassword": {
      "type": "boolean"
     }
    },
    "additionalProperties": false
   },
   "RefreshToken": {
    "type": "object",
    "required": [
     "refreshToken"
    ],
    "properties": {
     "refreshToken": {
      "type": "string"
     }
    }
   },
   "Captcha": {
    "type": "object",
    "required": [
     "captchaId",
     "image",
     "expiresAt"
    ],
    "properties": {
     "captchaId": {
      "type": "string"
     },
     "image": {
      "type": "string",
      "description": "data:image/png;base64,…"
     },
     "expiresAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "PasswordChange": {
    "type": "object",
    "required": [
     "oldPassword",
     "newPassword"
    ],
    "properties": {
     "oldPassword": {
      "type": "string",
      "minLength": 1
     },
     "newPassword": {
      "type": "string",
      "description": "至少8位（最多64位），须同时包含字母和数字",
      "minLength": 8
     }
    }
   },
   "NewSchool": {
    "type": "object",
    "required": [
     "code",
     "name",
     "adminUsername"
    ],
    "properties": {
     "code": {
      "type": "string",
      "pattern": "^[0-9]{5}$"
     },
     "name": {
      "type": "string",
      "minLength": 1,
      "description": "学校名称（最多100字）"
     },
     "adminUsername": {
      "type": "string",
      "pattern": "^[A-Za-z0-9_.-]{3,32}$",
      "description": "用户名：3到32位字母、数字、下划线、点或连字符"
     },
     "adminDisplayName": {
      "type": "string",
      "nullable": true
     }
    }
   },
   "School": {
    "type": "object",
    "required": [
     "code",
     "name",
     "createdAt"
    ],
    "properties": {
     "code": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "CreatedSchool": {
    "type": "object",
    "required": [
     "school",
     "admin",
     "initialPassword"
    ],
    "properties": {
     "school": {
      "$ref": "#/components/schemas/School"
     },
     "admin": {
      "$ref": "#/components/schemas/StaffAccount"
     },
     "initialPassword": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "NewDepartment": {
    "type": "object",
    "required": [
     "name"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1,
      "description": "院系名称（最多50字）"
     }
    }
   },
   "Department": {
    "type": "object",
    "required": [
     "id",
     "name"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "NewStaffAccount": {
    "type": "object",
    "required": [
     "username",
     "displayName",
     "role",
     "modules"
    ],
    "properties": {
     "username": {
      "type": "string",
      "pattern": "^[A-Za-z0-9_.-]{3,32}$",
      "description": "用户名：3到32位字母、数字、下划线、点或连字符"
     },
     "displayName": {
      "type": "string",
      "minLength": 1,
      "description": "姓名（最多50字）"
     },
     "role": {
      "type": "string",
      "enum": [
       "schoolAdmin",
       "schoolOperator",
       "departmentAdmin",
       "departmentOperator"
      ]
     },
     "modules": {
      "type": "array",
      "items": {
       "type": "string",
       "enum": [
        "esigning",
        "archive",
        "confirmation",
        "transferVerification"
       ]
      }
     },
     "departmentId": {
      "type": "string",
      "nullable": true
     }
    }
   },
   "StaffAccount": {
    "type": "object",
    "required": [
     "id",
     "username",
     "displayName",
     "role",
     "roleName",
     "modules",
     "enabled",
     "mustChangePassword",
     "createdAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "username": {
      "type": "string"
     },
     "displayName": {
      "type": "string"
     },
     "role": {
      "type": "string"
     },
     "roleName": {
      "type": "string"
     },
     "modules": {
      "type": "array",
      "items": {
       "type": "string"
      }
     },
     "departmentId": {
      "type": "string"
     },
     "enabled": {
      "type": "boolean"
     },
     "mustChangePassword": {
      "type": "boolean"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "CreatedStaffAccount": {
    "type": "object",
    "required": [
     "account",
     "initialPassword"
    ],
    "properties": {
     "account": {
      "$ref": "#/components/schemas/StaffAccount"
     },
     "initialPassword": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "InitialPassword": {
    "type": "object",
    "required": [
     "initialPassword"
    ],
    "properties": {
     "initialPassword": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "GraduateInput": {
    "type": "object",
    "required": [
     "department",
     "major",
     "educationLevel",
     "candidateNumber",
     "name",
     "studentNumber",
     "cohort"
    ],
    "properties": {
     "department": {
      "type": "string",
      "minLength": 1
     },
     "major": {
      "type": "string",
      "minLength": 1
     },
     "educationLevel": {
      "type": "string",
      "enum": [
       "01",
       "11",
       "31",
       "41"
      ],
      "description": "学历：01 博士研究生、11 硕士研究生、31 本科、41 专科"
     },
     "candidateNumber": {
      "type": "string",
      "minLength": 1,
      "description": "考生号（字母和数字）"
     },
     "name": {
      "type": "string",
      "minLength": 1
     },
     "idNumber": {
      "type": "string",
      "description": "身份证号（GB 11643），修改时不可变",
      "nullable": true
     },
     "studentNumber": {
      "type": "string",
      "minLength": 1
     },
     "gender": {
      "type": "string",
      "enum": [
       "1",
       "2",
       "男",
       "女",
       null
      ],
      "nullable": true
     },
     "cohort": {
      "type": "integer",
      "description": "届别（2000到2100）",
      "minimum": 2000,
      "maximum": 2100,
      "format": "int32"
     },
     "graduationDate": {
      "type": "string",
      "pattern": "^(20[0-9]{2}(0[1-9]|1[0-2])|2100(0[1-9]|1[0-2]))?$",
      "nullable": true,
      "description": "毕业时间，6位年月，如202406；可为空"
     },
     "lengthOfSchooling": {
      "type": "string",
      "nullable": true
     },
     "trainingMode": {
      "type": "string",
      "enum": [
       "1",
       "2",
       "3",
       null
      ],
      "description": "培养方式：1 非定向、2 定向、3 委培（修改请用 training-mode）",
      "nullable": true
     },
     "boundUnit": {
      "type": "string",
      "nullable": true
     },
     "originRegion": {
      "type": "string",
      "pattern": "^([0-9]{6})?$",
      "nullable": true,
      "description": "生源所在地，6位行政区划代码；可为空"
     },
     "mobile": {
      "type": "string",
      "nullable": true,
      "pattern": "^(1[0-9]{10})?$",
      "description": "手机号，11位；可为空"
     }
    },
    "description": "修改学生名单中的毕业生（身份证号不可改，可省略）"
   },
   "Graduate": {
    "type": "object",
    "required": [
     "id",
     "department",
     "major",
     "educationLevel",
     "educationLevelName",
     "candidateNumber",
     "name",
     "idNumber",
     "studentNumber",
     "gender",
     "cohort",
     "trainingMode",
     "trainingModeName",
     "updatedAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "department": {
      "type": "string"
     },
     "major": {
      "type": "string"
     },
     "educationLevel": {
      "type": "string"
     },
     "educationLevelName": {
      "type": "string"
     },
     "candidateNumber": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "idNumber": {
      "type": "string"
     },
     "studentNumber": {
      "type": "string"
     },
     "gender": {
      "type": "string"
     },
     "cohort": {
      "type": "integer"
     },
     "graduationDate": {
      "type": "string"
     },
     "lengthOfSchooling": {
      "type": "string"
     },
     "trainingMode": {
      "type": "string"
     },
     "trainingModeName": {
      "type": "string"
     },
     "boundUnit": {
      "type": "string"
     },
     "originRegion": {
      "type": "string"
     },
     "mobile": {
      "type": "string"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "ImportResult": {
    "type": "object",
    "required": [
     "imported",
     "errors",
     "errorCount"
    ],
    "properties": {
     "imported": {
      "type": "integer"
     },
     "errorCount": {
      "type": "integer",
      "description": "文件中错误行的总数（errors 最多列出前1000行）"
     },
     "errors": {
      "type": "array",
      "maxItems": 1000,
      "items": {
       "type": "object",
       "required": [
        "row",
        "field",
        "reason"
       ],
       "properties": {
        "row": {
         "type": "integer",
         "description": "行号（表头为第1行）"
        },
        "field": {
         "type": "string",
         "description": "字段"
        },
        "reason": {
         "type": "string",
         "description": "原因"
        }
       },
       "additionalProperties": false
      }
     }
    },
    "additionalProperties": false
   },
   "Removal": {
    "type": "object",
    "required": [
     "reason"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "minLength": 1,
      "description": "删除原因（最多200字）"
     }
    }
   },
   "TrainingModeInput": {
    "type": "object",
    "required": [
     "trainingMode",
     "reason"
    ],
    "properties": {
     "trainingMode": {
      "type": "string",
      "enum": [
       "1",
       "2",
       "3"
      ]
     },
     "boundUnit": {
      "type": "string",
      "nullable": true
     },
     "reason": {
      "type": "string",
      "minLength": 1,
      "description": "修改原因（最多200字）"
     }
    }
   },
   "TrainingModeChange": {
    "type": "object",
    "required": [
     "id",
     "graduateId",
     "graduateName",
     "idNumber",
     "department",
     "oldTrainingMode",
     "newTrainingMode",
     "reason",
     "changedBy",
     "changedAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "graduateId": {
      "type": "string"
     },
     "graduateName": {
      "type": "string"
     },
     "idNumber": {
      "type": "string"
     },
     "department": {
      "type": "string"
     },
     "oldTrainingMode": {
      "type": "string"
     },
     "oldTrainingModeName": {
      "type": "string"
     },
     "newTrainingMode": {
      "type": "string"
     },
     "newTrainingModeName": {
      "type": "string"
     },
     "oldBoundUnit": {
      "type": "string"
     },
     "newBoundUnit": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     },
     "changedBy": {
      "type": "string"
     },
     "changedAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "Health": {
    "type": "object",
    "required": [
     "status",
     "services"
    ],
    "properties": {
     "status": {
      "type": "string",
      "enum": [
       "ok",
       "degraded"
      ]
     },
     "services": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
       "accounts": {
        "type": "string",
        "enum": [
         "serving",
         "not_serving",
         "unavailable"
        ]
       },
       "esigning": {
        "type": "string",
        "enum": [
         "serving",
         "not_serving",
         "unavailable"
        ]
       }
      },
      "required": [
       "accounts",
       "esigning"
      ]
     }
    },
    "additionalProperties": false
   },
   "Activation": {
    "type": "object",
    "required": [
     "schoolCode",
     "idNumber",
     "name",
     "candidateNumber",
     "password"
    ],
    "properties": {
     "schoolCode": {
      "type": "string",
      "pattern": "^[0-9]{5}$",
      "description": "院校代码（5位数字）"
     },
     "idNumber": {
      "type": "string",
      "description": "身份证号（18位，末位校验码）",
      "pattern": "^[0-9]{17}[0-9Xx]$"
     },
     "name": {
      "type": "string",
      "description": "姓名",
      "minLength": 1
     },
     "candidateNumber": {
      "type": "string",
      "description": "考生号",
      "minLength": 1
     },
     "password": {
      "type": "string",
      "description": "至少8位（最多64位），须同时包含字母和数字",
      "minLength": 8
     },
     "captchaId": {
      "type": "string",
      "description": "同一身份证号激活失败3次后必填",
      "nullable": true
     },
     "captchaAnswer": {
      "type": "string",
      "nullable": true
     }
    }
   },
   "NewApiKey": {
    "type": "object",
    "required": [
     "name"
    ],
    "properties": {
     "name": {
      "type": "string",
      "minLength": 1,
      "description": "密钥名称（最多50字）"
     }
    }
   },
   "ApiKey": {
    "type": "object",
    "required": [
     "id",
     "name",
     "prefix",
     "createdBy",
     "createdAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "prefix": {
      "type": "string",
      "description": "密钥开头几位，用于区分"
     },
     "createdBy": {
      "type": "string"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "revokedAt": {
      "type": "string",
      "format": "date-time"
     },
     "lastUsedAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "CreatedApiKey": {
    "type": "object",
    "required": [
     "apiKey",
     "key"
    ],
    "properties": {
     "apiKey": {
      "$ref": "#/components/schemas/ApiKey"
     },
     "key": {
      "type": "string",
      "description": "仅显示这一次"
     }
    },
    "additionalProperties": false
   },
   "ApiKeyExchange": {
    "type": "object",
    "required": [
     "key"
    ],
    "properties": {
     "key": {
      "type": "string",
      "minLength": 1
     }
    }
   },
   "AccessToken": {
    "type": "object",
    "required": [
     "accessToken",
     "accessExpiresAt"
    ],
    "properties": {
     "accessToken": {
      "type": "string"
     },
     "accessExpiresAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "ReviewerChoice": {
    "type": "object",
    "properties": {
     "accountId": {
      "type": "string",
      "description": "为空则取消审核人",
      "nullable": true
     }
    }
   },
   "DepartmentReviewer": {
    "type": "object",
    "required": [
     "departmentId",
     "departmentName",
     "module"
    ],
    "properties": {
     "departmentId": {
      "type": "string"
     },
     "departmentName": {
      "type": "string"
     },
     "module": {
      "type": "string",
      "enum": [
       "esigning",
       "archive",
       "confirmation",
       "transferVerification"
      ]
     },
     "accountId": {
      "type": "string"
     },
     "accountDisplayName": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "EmployerRegistration": {
    "type": "object",
    "required": [
     "creditCode",
     "name",
     "nature",
     "industry",
     "regionCode",
     "address",
     "contactName",
     "contactPhone",
     "email",
     "password",
     "licence"
    ],
    "properties": {
     "creditCode": {
      "type": "string",
      "description": "统一社会信用代码（18位）",
      "pattern": "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
     },
     "name": {
      "type": "string",
      "description": "单位名称",
      "minLength": 1
     },
     "nature": {
      "type": "string",
      "description": "单位性质代码（见 /api/v1/code-lists）",
      "minLength": 1
     },
     "industry": {
      "type": "string",
      "description": "行业门类代码 A–T（GB/T 4754-2017）",
      "minLength": 1
     },
     "regionCode": {
      "type": "string",
      "description": "所在地，6位行政区划代码",
      "minLength": 1
     },
     "address": {
      "type": "string",
      "description": "单位地址",
      "minLength": 1
     },
     "contactName": {
      "type": "string",
      "description": "联系人",
      "minLength": 1
     },
     "contactPhone": {
      "type": "string",
      "description": "联系电话：手机号或带区号的固定电话",
      "minLength": 1
     },
     "email": {
      "type": "string",
      "description": "电子邮箱",
      "minLength": 1
     },
     "password": {
      "type": "string",
      "description": "至少8位（最多64位），须同时包含字母和数字",
      "minLength": 8
     },
     "licence": {
      "type": "string",
      "format": "binary",
      "description": "营业执照扫描件：PDF、JPG或PNG，不超过10MB"
     }
    }
   },
   "EmployerResubmission": {
    "type": "object",
    "required": [
     "name",
     "nature",
     "industry",
     "regionCode",
     "address",
     "contactName",
     "contactPhone",
     "email"
    ],
    "properties": {
     "name": {
      "type": "string",
      "description": "单位名称",
      "minLength": 1
     },
     "nature": {
      "type": "string",
      "description": "单位性质代码（见 /api/v1/code-lists）",
      "minLength": 1
     },
     "industry": {
      "type": "string",
      "description": "行业门类代码 A–T（GB/T 4754-2017）",
      "minLength": 1
     },
     "regionCode": {
      "type": "string",
      "description": "所在地，6位行政区划代码",
      "minLength": 1
     },
     "address": {
      "type": "string",
      "description": "单位地址",
      "minLength": 1
     },
     "contactName": {
      "type": "string",
      "description": "联系人",
      "minLength": 1
     },
     "contactPhone": {
      "type": "string",
      "description": "联系电话：手机号或带区号的固定电话",
      "minLength": 1
     },
     "email": {
      "type": "string",
      "description": "电子邮箱",
      "minLength": 1
     },
     "licence": {
      "type": "string",
      "format": "binary",
      "description": "新的营业执照扫描件（可选，不传则保留原件）"
     }
    }
   },
   "EmployerRejection": {
    "type": "object",
    "required": [
     "reason"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "description": "未通过的原因（最多200字）",
      "minLength": 1
     }
    }
   },
   "Employer": {
    "type": "object",
    "required": [
     "id",
     "creditCode",
     "name",
     "nature",
     "natureName",
     "industry",
     "industryName",
     "regionCode",
     "address",
     "contactName",
     "contactPhone",
     "email",
     "status",
     "statusName",
     "reason",
     "registeredAt",
     "reviewedAt"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "creditCode": {
      "type": "string",
      "description": "统一社会信用代码"
     },
     "name": {
      "type": "string",
      "description": "单位名称"
     },
     "nature": {
      "type": "string",
      "description": "单位性质代码"
     },
     "natureName": {
      "type": "string"
     },
     "industry": {
      "type": "string",
      "description": "行业门类代码"
     },
     "industryName": {
      "type": "string"
     },
     "regionCode": {
      "type": "string",
      "description": "所在地行政区划代码"
     },
     "address": {
      "type": "string"
     },
     "contactName": {
      "type": "string"
     },
     "contactPhone": {
      "type": "string"
     },
     "email": {
      "type": "string"
     },
     "status": {
      "type": "string",
      "enum": [
       "pending",
       "approved",
       "rejected"
      ]
     },
     "statusName": {
      "type": "string",
      "enum": [
       "待审核",
       "已通过",
       "未通过"
      ]
     },
     "reason": {
      "type": "string",
      "description": "未通过的原因；其他状态为空"
     },
     "registeredAt": {
      "type": "string",
      "format": "date-time"
     },
     "reviewedAt": {
      "type": "string",
      "format": "date-time",
      "nullable": true,
      "description": "审核时间；待审核时为 null"
     }
    },
    "additionalProperties": false
   },
   "MyAccount": {
    "type": "object",
    "required": [
     "id",
     "kind",
     "login",
     "displayName",
     "modules",
     "mustChangePassword"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "kind": {
      "type": "string",
      "enum": [
       "staff",
       "graduate",
       "employer",
       "platformOperator"
      ]
     },
     "login": {
      "type": "string",
      "description": "用户名、身份证号或统一社会信用代码"
     },
     "displayName": {
      "type": "string"
     },
     "schoolCode": {
      "type": "string"
     },
     "schoolName": {
      "type": "string"
     },
     "role": {
      "type": "string",
      "enum": [
       "schoolAdmin",
       "schoolOperator",
       "departmentAdmin",
       "departmentOperator"
      ]
     },
     "roleName": {
      "type": "string"
     },
     "departmentId": {
      "type": "string"
     },
     "departmentName": {
      "type": "string"
     },
     "modules": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "code",
        "name"
       ],
       "properties": {
        "code": {
         "type": "string",
         "enum": [
          "esigning",
          "archive",
          "confirmation",
          "transferVerification"
         ]
        },
        "name": {
         "type": "string"
        }
       },
       "additionalProperties": false
      }
     },
     "mustChangePassword": {
      "type": "boolean"
     }
    },
    "additionalProperties": false
   },
   "SchoolInfo": {
    "type": "object",
    "required": [
     "schoolName",
     "employmentOffice",
     "contactName",
     "contactPhone",
     "address",
     "postcode",
     "opinion"
    ],
    "properties": {
     "schoolName": {
      "type": "string",
      "description": "学校名称"
     },
     "employmentOffice": {
      "type": "string",
      "description": "就业部门"
     },
     "contactName": {
      "type": "string",
      "description": "联系人"
     },
     "contactPhone": {
      "type": "string",
      "description": "联系电话"
     },
     "address": {
      "type": "string",
      "description": "通讯地址"
     },
     "postcode": {
      "type": "string",
      "description": "邮编"
     },
     "opinion": {
      "type": "string",
      "description": "学校意见"
     }
    },
    "description": "协议上打印的学校信息",
    "additionalProperties": false
   },
   "SigningSettingsInput": {
    "type": "object",
    "required": [
     "cohort",
     "agreementType",
     "signingOpen",
     "reviewMode",
     "maxResponseDays",
     "schoolInfo"
    ],
    "properties": {
     "cohort": {
      "type": "integer",
      "description": "届别（2000到2100）",
      "minimum": 2000,
      "maximum": 2100,
      "format": "int32"
     },
     "agreementType": {
      "type": "string",
      "description": "twoParty 两方协议，threeParty 三方协议",
      "enum": [
       "twoParty",
       "threeParty"
      ]
     },
     "signingOpen": {
      "type": "boolean",
      "description": "开启网签"
     },
     "reviewMode": {
      "type": "string",
      "description": "schoolOnly 仅学校审核，departmentThenSchool 院系审核+学校审核",
      "enum": [
       "schoolOnly",
       "departmentThenSchool"
      ]
     },
     "maxResponseDays": {
      "type": "integer",
      "description": "应约有效期上限（天，1到30）",
      "minimum": 1,
      "maximum": 30,
      "format": "int32"
     },
     "schoolInfo": {
      "$ref": "#/components/schemas/SchoolInfoInput"
     }
    },
    "description": "签约设置（每个届别一份）"
   },
   "SigningSettings": {
    "type": "object",
    "required": [
     "cohort",
     "agreementType",
     "signingOpen",
     "reviewMode",
     "maxResponseDays",
     "schoolInfo",
     "agreementTypeLocked",
     "updatedAt"
    ],
    "properties": {
     "cohort": {
      "type": "integer",
      "description": "届别"
     },
     "agreementType": {
      "type": "string",
      "description": "twoParty 两方协议，threeParty 三方协议",
      "enum": [
       "twoParty",
       "threeParty"
      ]
     },
     "signingOpen": {
      "type": "boolean",
      "description": "开启网签"
     },
     "reviewMode": {
      "type": "string",
      "description": "schoolOnly 仅学校审核，departmentThenSchool 院系审核+学校审核",
      "enum": [
       "schoolOnly",
       "departmentThenSchool"
      ]
     },
     "maxResponseDays": {
      "type": "integer",
      "description": "应约有效期上限（天，1到30）"
     },
     "schoolInfo": {
      "$ref": "#/components/schemas/SchoolInfo"
     },
     "agreementTypeLocked": {
      "type": "boolean",
      "description": "已有网签业务，协议类型不可再改"
     },
     "updatedAt": {
      "type": "string",
      "nullable": true,
      "description": "未设置过时为null"
     }
    },
    "additionalProperties": false
   },
   "EmployerPartyInput": {
    "type": "object",
    "properties": {
     "name": {
      "type": "string",
      "description": "单位名称",
      "nullable": true
     },
     "creditCode": {
      "type": "string",
      "description": "统一社会信用代码",
      "nullable": true
     },
     "nature": {
      "type": "string",
      "description": "单位性质代码",
      "nullable": true
     },
     "industry": {
      "type": "string",
      "description": "单位行业代码",
      "nullable": true
     },
     "regionCode": {
      "type": "string",
      "description": "单位所在地行政区划代码",
      "nullable": true
     },
     "address": {
      "type": "string",
      "description": "单位地址",
      "nullable": true
     },
     "contactName": {
      "type": "string",
      "description": "联系人",
      "nullable": true
     },
     "contactPhone": {
      "type": "string",
      "description": "联系电话",
      "nullable": true
     },
     "email": {
      "type": "string",
      "description": "电子邮箱",
      "nullable": true
     }
    },
    "description": "甲方（用人单位）"
   },
   "EmployerParty": {
    "type": "object",
    "required": [
     "name",
     "creditCode",
     "nature",
     "natureName",
     "industry",
     "industryName",
     "regionCode",
     "address",
     "contactName",
     "contactPhone",
     "email"
    ],
    "properties": {
     "name": {
      "type": "string",
      "description": "单位名称"
     },
     "creditCode": {
      "type": "string",
      "description": "统一社会信用代码"
     },
     "nature": {
      "type": "string",
      "description": "单位性质代码"
     },
     "industry": {
      "type": "string",
      "description": "单位行业代码"
     },
     "regionCode": {
      "type": "string",
      "description": "单位所在地行政区划代码"
     },
     "address": {
      "type": "string",
      "description": "单位地址"
     },
     "contactName": {
      "type": "string",
      "description": "联系人"
     },
     "contactPhone": {
      "type": "string",
      "description": "联系电话"
     },
     "email": {
      "type": "string",
      "description": "电子邮箱"
     },
     "natureName": {
      "type": "string"
     },
     "industryName": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "JobTerms": {
    "type": "object",
    "required": [
     "jobTitle",
     "workLocation",
     "monthlySalaryYuan",
     "probationMonths",
     "contractTerm",
     "otherTerms"
    ],
    "properties": {
     "jobTitle": {
      "type": "string",
      "description": "岗位名称"
     },
     "workLocation": {
      "type": "string",
      "description": "工作地点"
     },
     "monthlySalaryYuan": {
      "type": "integer",
      "description": "月薪（元）"
     },
     "probationMonths": {
      "type": "integer",
      "description": "试用期（月，0到6）"
     },
     "contractTerm": {
      "type": "string",
      "description": "合同期限，如“3年”"
     },
     "otherTerms": {
      "type": "string",
      "description": "其他约定"
     }
    },
    "description": "岗位与待遇",
    "additionalProperties": false
   },
   "GraduateParty": {
    "type": "object",
    "required": [
     "graduateId",
     "name",
     "gender",
     "idNumber",
     "schoolName",
     "department",
     "major",
     "educationLevel",
     "educationLevelName",
     "graduationDate",
     "trainingMode",
     "originRegion",
     "mobile",
     "studentNumber",
     "cohort"
    ],
    "properties": {
     "graduateId": {
      "type": "string"
     },
     "name": {
      "type": "string"
     },
     "gender": {
      "type": "string",
      "description": "性别"
     },
     "idNumber": {
      "type": "string",
      "description": "身份证号"
     },
     "schoolName": {
      "type": "string"
     },
     "department": {
      "type": "string",
      "description": "院系"
     },
     "major": {
      "type": "string",
      "description": "专业"
     },
     "educationLevel": {
      "type": "string",
      "description": "学历代码"
     },
     "educationLevelName": {
      "type": "string"
     },
     "graduationDate": {
      "type": "string",
      "description": "毕业时间"
     },
     "trainingMode": {
      "type": "string",
      "description": "培养方式"
     },
     "originRegion": {
      "type": "string",
      "description": "生源地"
     },
     "mobile": {
      "type": "string"
     },
     "studentNumber": {
      "type": "string",
      "description": "学号"
     },
     "cohort": {
      "type": "integer",
      "description": "届别"
     }
    },
    "description": "乙方（毕业生），取自学生名单",
    "additionalProperties": false
   },
   "AgreementHistoryEntry": {
    "type": "object",
    "required": [
     "at",
     "actorKind",
     "actorId",
     "actorName",
     "action",
     "actionName",
     "fromStatus",
     "toStatus",
     "toStatusName",
     "reason"
    ],
    "properties": {
     "at": {
      "type": "string",
      "format": "date-time"
     },
     "actorKind": {
      "type": "string",
      "description": "graduate、employer、departmentReviewer、school 或 system"
     },
     "actorId": {
      "type": "string"
     },
     "actorName": {
      "type": "string"
     },
     "action": {
      "type": "string",
      "description": "操作代码，创建时为 create"
     },
     "actionName": {
      "type": "string"
     },
     "fromStatus": {
      "type": "string"
     },
     "toStatus": {
      "type": "string"
     },
     "toStatusName": {
      "type": "string"
     },
     "reason": {
      "type": "string"
     }
    },
    "additionalProperties": false
   },
   "AgreementAttachment": {
    "type": "object",
    "required": [
     "sha256",
     "contentType",
     "size",
     "kind",
     "uploadedAt"
    ],
    "properties": {
     "sha256": {
      "type": "string"
     },
     "contentType": {
      "type": "string",
      "enum": [
       "application/pdf",
       "image/jpeg",
       "image/png"
      ]
     },
     "size": {
      "type": "integer",
      "description": "字节数"
     },
     "kind": {
      "type": "string",
      "description": "signedAgreement 已签协议，paperAgreement 纸质协议（补登）"
     },
     "uploadedAt": {
      "type": "string",
      "format": "date-time"
     }
    },
    "additionalProperties": false
   },
   "UploadedAttachment": {
    "type": "object",
    "required": [
     "sha256",
     "contentType",
     "size"
    ],
    "properties": {
     "sha256": {
      "type": "string"
     },
     "contentType": {
      "type": "string"
     },
     "size": {
      "type": "integer",
      "description": "字节数"
     }
    },
    "description": "已上传的扫描件，后续请求以 sha256 引用",
    "additionalProperties": false
   },
   "Agreement": {
    "type": "object",
    "required": [
     "id",
     "cohort",
     "flow",
     "flowName",
     "initiator",
     "status",
     "statusName",
     "number",
     "agreementType",
     "employerId",
     "employer",
     "job",
     "graduate",
     "respondBy",
     "createdAt",
     "updatedAt",
     "effectiveAt",
     "lastReason",
     "history",
     "attachments",
     "invalidatedAt",
     "invalidReason",
     "warning",
     "openTerminationId"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "cohort": {
      "type": "integer",
      "description": "届别"
     },
     "flow": {
      "type": "string",
      "description": "签约方式",
      "enum": [
       "employerOffer",
       "graduateApplication",
       "backRegistration"
      ]
     },
     "flowName": {
      "type": "string"
     },
     "initiator": {
      "type": "string",
      "description": "签约发起方"
     },
     "status": {
      "type": "string",
      "description": "状态代码",
      "enum": [
       "offered",
       "acceptedAwaitingDepartment",
       "acceptedAwaitingSchool",
       "refusedByGraduate",
       "expired",
       "withdrawnByEmployer",
       "applicationAwaitingDepartment",
       "applicationAwaitingSchool",
       "applicationApproved",
       "applicationDepartmentRejected",
       "applicationSchoolRejected",
       "signedAwaitingDepartment",
       "signedAwaitingSchool",
       "withdrawnByGraduate",
       "departmentRejected",
       "schoolRejected",
       "effective",
       "backRegistrationAwaitingDepartment",
       "backRegistrationAwaitingSchool",
       "backRegistrationRejected",
       "backRegistrationEffective",
       "voided",
       "terminated"
      ]
     },
     "statusName": {
      "type": "string",
      "description": "状态名称"
     },
     "number": {
      "type": "string",
      "nullable": true,
      "description": "协议编号（19位），生效前为null（显示“签约信息生效后生成”）"
     },
     "agreementType": {
      "type": "string",
      "description": "twoParty 或 threeParty"
     },
     "employerId": {
      "type": "string",
      "nullable": true,
      "description": "发起签约的注册单位（单位发起线上签约）"
     },
     "employer": {
      "$ref": "#/components/schemas/EmployerParty"
     },
     "job": {
      "$ref": "#/components/schemas/JobTerms"
     },
     "graduate": {
      "$ref": "#/components/schemas/GraduateParty"
     },
     "respondBy": {
      "type": "string",
      "nullable": true,
      "description": "毕业生应约截止时间（单位发起）"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     },
     "effectiveAt": {
      "type": "string",
      "nullable": true,
      "description": "生效时间"
     },
     "lastReason": {
      "type": "string",
      "description": "最近一次不通过/作废等的原因"
     },
     "history": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AgreementHistoryEntry"
      },
      "description": "办理记录（列表中为空）"
     },
     "attachments": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AgreementAttachment"
      }
     },
     "invalidatedAt": {
      "type": "string",
      "format": "date-time",
      "nullable": true,
      "description": "失效时间（毕业生被移出学生名单）"
     },
     "invalidReason": {
      "type": "string",
      "nullable": true,
      "description": "失效原因"
     },
     "warning": {
      "allOf": [
       {
        "$ref": "#/components/schemas/EmployerWarning"
       }
      ],
      "nullable": true,
      "description": "单位在本校或全国预警名单上时的提示，否则为null"
     },
     "openTerminationId": {
      "type": "string",
      "nullable": true,
      "description": "正在办理中的解约记录id，没有时为null"
     }
    },
    "additionalProperties": false
   },
   "OfferInput": {
    "type": "object",
    "required": [
     "graduateIdNumber",
     "graduateName",
     "respondWithinDays",
     "job"
    ],
    "properties": {
     "graduateIdNumber": {
      "type": "string",
      "description": "毕业生身份证号",
      "minLength": 1
     },
     "graduateName": {
      "type": "string",
      "description": "毕业生姓名",
      "minLength": 1
     },
     "cohort": {
      "type": "integer",
      "description": "届别（省略：最近的届别）",
      "nullable": true,
      "format": "int32",
      "minimum": -2147483648,
      "maximum": 2147483647
     },
     "respondWithinDays": {
      "type": "integer",
      "description": "应约有效期（天），1到学校设置的上限（最多30）",
      "minimum": 1,
      "maximum": 30,
      "format": "int32"
     },
     "job": {
      "$ref": "#/components/schemas/JobTermsInput"
     },
     "contact": {
      "$ref": "#/components/schemas/EmployerPartyInput",
      "nullable": true
     }
    },
    "description": "单位发起签约；contact 中留空的字段取注册信息"
   },
   "AgreementApplicationInput": {
    "type": "object",
    "required": [
     "employer",
     "job"
    ],
    "properties": {
     "employer": {
      "$ref": "#/components/schemas/EmployerPartyInput"
     },
     "job": {
      "$ref": "#/components/schemas/JobTermsInput"
     }
    }
   },
   "BackRegistrationInput": {
    "type": "object",
    "required": [
     "employer",
     "job",
     "attachmentSha256"
    ],
    "properties": {
     "employer": {
      "$ref": "#/components/schemas/EmployerPartyInput"
     },
     "job": {
      "$ref": "#/components/schemas/JobTermsInput"
     },
     "attachmentSha256": {
      "type": "string",
      "description": "已上传的纸质协议扫描件（POST /api/v1/attachments）"
     }
    }
   },
   "AgreementActionInput": {
    "type": "object",
    "properties": {
     "reason": {
      "type": "string",
      "description": "不通过、作废时必填",
      "nullable": true
     },
     "employer": {
      "$ref": "#/components/schemas/EmployerPartyInput",
      "nullable": true
     },
     "job": {
      "$ref": "#/components/schemas/JobTermsInput",
      "nullable": true
     },
     "attachmentSha256": {
      "type": "string",
      "description": "upload-signed 与补登重新提交：已上传的扫描件",
      "nullable": true
     }
    },
    "description": "resubmit、amend 时给出 employer 和/或 job 即为修改后的内容"
   },
   "SigningCounters": {
    "type": "object",
    "required": [
     "counts",
     "pendingTotal",
     "labelled",
     "terminationCounts",
     "registrationCounts"
    ],
    "properties": {
     "counts": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "status",
        "statusName",
        "count"
       ],
       "properties": {
        "status": {
         "type": "string",
         "enum": [
          "offered",
          "acceptedAwaitingDepartment",
          "acceptedAwaitingSchool",
          "refusedByGraduate",
          "expired",
          "withdrawnByEmployer",
          "applicationAwaitingDepartment",
          "applicationAwaitingSchool",
          "applicationApproved",
          "applicationDepartmentRejected",
          "applicationSchoolRejected",
          "signedAwaitingDepartment",
          "signedAwaitingSchool",
          "withdrawnByGraduate",
          "departmentRejected",
          "schoolRejected",
          "effective",
          "backRegistrationAwaitingDepartment",
          "backRegistrationAwaitingSchool",
          "backRegistrationRejected",
          "backRegistrationEffective",
          "voided",
          "terminated"
         ]
        },
        "statusName": {
         "type": "string"
        },
        "count": {
         "type": "integer"
        }
       },
       "additionalProperties": false
      },
      "description": "签约记录（签约、补登）按状态计数"
     },
     "pendingTotal": {
      "type": "integer",
      "description": "等待本账号（学校或院系）审核的总数（签约、补登、解约、去向登记）"
     },
     "labelled": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "label",
        "count"
       ],
       "properties": {
        "label": {
         "type": "string",
         "description": "如“在线签约管理待审核总数”“学生已同意签约 等待学校审核”“解约审核中 等待学校审核”“去向登记审核中 等待学校审核”“原有毕业去向作废申请 等待学校审核”；院系账号为“等待院系审核”"
        },
        "count": {
         "type": "integer"
        }
       },
       "additionalProperties": false
      },
      "description": "模块首页的计数"
     },
     "terminationCounts": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "status",
        "statusName",
        "count"
       ],
       "properties": {
        "status": {
         "type": "string",
         "enum": [
          "employerRequested",
          "graduateRequested",
          "counterpartyRefused",
          "awaitingDepartment",
          "awaitingSchool",
          "offlineAwaitingDepartment",
          "offlineAwaitingSchool",
          "approved",
          "rejected",
          "forced"
         ]
        },
        "statusName": {
         "type": "string"
        },
        "count": {
         "type": "integer"
        }
       },
       "additionalProperties": false
      },
      "description": "解约记录按状态计数"
     },
     "registrationCounts": {
      "type": "array",
      "items": {
       "type": "object",
       "required": [
        "status",
        "statusName",
        "count"
       ],
       "properties": {
        "status": {
         "type": "string",
         "enum": [
          "awaitingDepartment",
          "awaitingSchool",
          "approved",
          "rejected",
          "voidRequestAwaitingDepartment",
          "voidRequestAwaitingSchool",
          "voided",
          "withdrawn"
         ]
        },
        "statusName": {
         "type": "string"
        },
        "count": {
         "type": "integer"
        }
       },
       "additionalProperties": false
      },
      "description": "去向登记按状态计数"
     }
    },
    "additionalProperties": false
   },
   "AgreementVerification": {
    "type": "object",
    "required": [
     "found",
     "issuedBySystem",
     "agreementId",
     "number",
     "statusName",
     "employerName",
     "graduateName",
     "schoolName",
     "issuedAt",
     "superseded"
    ],
    "properties": {
     "found": {
      "type": "boolean"
     },
     "issuedBySystem": {
      "type": "boolean",
      "description": "上传的PDF是本系统出具的"
     },
     "agreementId": {
      "type": "string",
      "nullable": true
     },
     "number": {
      "type": "string",
      "nullable": true,
      "description": "协议编号"
     },
     "statusName": {
      "type": "string",
      "description": "协议现在的状态"
     },
     "employerName": {
      "type": "string"
     },
     "graduateName": {
      "type": "string",
      "description": "已脱敏，如“王*”"
     },
     "schoolName": {
      "type": "string"
     },
     "issuedAt": {
      "type": "string",
      "nullable": true,
      "description": "该PDF的出具时间"
     },
     "superseded": {
      "type": "boolean",
      "description": "协议已有更新的版本"
     }
    },
    "additionalProperties": false
   },
   "EmployerWarning": {
    "type": "object",
    "required": [
     "listedBySchool",
     "reason",
     "national",
     "schoolCount"
    ],
    "properties": {
     "listedBySchool": {
      "type": "boolean",
      "description": "本校已将该单位列入预警单位"
     },
     "reason": {
      "type": "string",
      "description": "本校列入预警的原因（仅全国预警时为空）"
     },
     "national": {
      "type": "boolean",
      "description": "全国预警单位（5所及以上高校列入）"
     },
     "schoolCount": {
      "type": "integer",
      "description": "列入预警的高校数"
     }
    },
    "description": "预警单位提示（毕业生应约和审核时显示）",
    "additionalProperties": false
   },
   "TerminationInput": {
    "type": "object",
    "required": [
     "reason"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "description": "解约原因（必填）",
      "minLength": 1
     },
     "attachmentSha256": {
      "type": "string",
      "description": "已上传的解约函（POST /api/v1/attachments）；线下签订的协议（学生申请电子协议线下签约、补登）必填",
      "nullable": true
     }
    }
   },
   "ForcedTerminationInput": {
    "type": "object",
    "required": [
     "reason",
     "attachmentSha256"
    ],
    "properties": {
     "reason": {
      "type": "string",
      "description": "强制解约的原因",
      "minLength": 1
     },
     "attachmentSha256": {
      "type": "string",
      "description": "已上传的解约证明（POST /api/v1/attachments）",
      "minLength": 1
     }
    }
   },
   "TerminationActionInput": {
    "type": "object",
    "properties": {
     "reason": {
      "type": "string",
      "description": "不同意解约、审核不通过、强制解约时必填",
      "nullable": true
     },
     "attachmentSha256": {
      "type": "string",
      "description": "resubmit：新的解约函；force：解约证明",
      "nullable": true
     }
    }
   },
   "Termination": {
    "type": "object",
    "required": [
     "id",
     "agreementId",
     "agreementNumber",
     "agreementFlow",
     "cohort",
     "kind",
     "kindName",
     "initiator",
     "initiatorName",
     "status",
     "statusName",
     "reason",
     "lastReason",
     "graduate",
     "employerId",
     "employerName",
     "employerCreditCode",
     "createdAt",
     "updatedAt",
     "history",
     "attachments",
     "invalidatedAt",
     "invalidReason"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "agreementId": {
      "type": "string",
      "description": "被解除的签约记录"
     },
     "agreementNumber": {
      "type": "string",
      "description": "协议编号"
     },
     "agreementFlow": {
      "type": "string",
      "enum": [
       "employerOffer",
       "graduateApplication",
       "backRegistration"
      ],
      "description": "被解除协议的签约方式"
     },
     "cohort": {
      "type": "integer",
      "description": "届别"
     },
     "kind": {
      "type": "string",
      "enum": [
       "online",
       "offline"
      ],
      "description": "解约方式"
     },
     "kindName": {
      "type": "string",
      "description": "线上解约 / 线下解约"
     },
     "initiator": {
      "type": "string",
      "enum": [
       "graduate",
       "employer",
       "school"
      ],
      "description": "解约发起方"
     },
     "initiatorName": {
      "type": "string",
      "description": "毕业生 / 用人单位 / 学校"
     },
     "status": {
      "type": "string",
      "enum": [
       "employerRequested",
       "graduateRequested",
       "counterpartyRefused",
       "awaitingDepartment",
       "awaitingSchool",
       "offlineAwaitingDepartment",
       "offlineAwaitingSchool",
       "approved",
       "rejected",
       "forced"
      ],
      "description": "状态代码"
     },
     "statusName": {
      "type": "string",
      "description": "状态名称"
     },
     "reason": {
      "type": "string",
      "description": "解约原因"
     },
     "lastReason": {
      "type": "string",
      "description": "最近一次不同意、不通过的原因"
     },
     "graduate": {
      "$ref": "#/components/schemas/GraduateParty"
     },
     "employerId": {
      "type": "string",
      "nullable": true,
      "description": "注册单位（线上签约的单位）"
     },
     "employerName": {
      "type": "string",
      "description": "单位名称"
     },
     "employerCreditCode": {
      "type": "string",
      "description": "统一社会信用代码"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     },
     "history": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AgreementHistoryEntry"
      },
      "description": "办理记录（列表中为空）"
     },
     "attachments": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AgreementAttachment"
      },
      "description": "解约函、解约证明（kind 为 terminationProof）"
     },
     "invalidatedAt": {
      "type": "string",
      "nullable": true,
      "format": "date-time",
      "description": "失效时间（毕业生被移出学生名单）"
     },
     "invalidReason": {
      "type": "string",
      "nullable": true,
      "description": "失效原因"
     }
    },
    "description": "解约记录；审核通过或强制解约后协议状态变为“已解约”（terminated）",
    "additionalProperties": false
   },
   "DestinationRegistrationInput": {
    "type": "object",
    "required": [
     "category",
     "fields"
    ],
    "properties": {
     "graduateId": {
      "type": "string",
      "description": "学校代毕业生登记时指定毕业生（仅学校账号；直接审核通过）",
      "nullable": true
     },
     "category": {
      "type": "string",
      "enum": [
       "11",
       "12",
       "27",
       "46",
       "50",
       "51",
       "75",
       "76",
       "80",
       "85",
       "70",
       "71",
       "72"
      ],
      "description": "毕业去向代码（不能为10）"
     },
     "fields": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      },
      "description": "该去向的字段（键见 GET /api/v1/code-lists 的 destinationCategories[].fields[].key）"
     },
     "attachmentSha256": {
      "type": "string",
      "description": "已上传的证明材料；去向有 proofName 时必填",
      "nullable": true
     }
    }
   },
   "DestinationRegistrationActionInput": {
    "type": "object",
    "properties": {
     "reason": {
      "type": "string",
      "description": "审核不通过、作废、申请作废时必填",
      "nullable": true
     },
     "category": {
      "type": "string",
      "enum": [
       "11",
       "12",
       "27",
       "46",
       "50",
       "51",
       "75",
       "76",
       "80",
       "85",
       "70",
       "71",
       "72",
       null
      ],
      "description": "修改后的毕业去向代码（resubmit、amend）",
      "nullable": true
     },
     "fields": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      },
      "description": "修改后的字段（resubmit、amend）",
      "nullable": true
     },
     "attachmentSha256": {
      "type": "string",
      "description": "新的证明材料",
      "nullable": true
     }
    },
    "description": "给出 category 或 fields 即为修改后的内容（毕业生重新提交、学校修改）"
   },
   "DestinationRegistration": {
    "type": "object",
    "required": [
     "id",
     "cohort",
     "category",
     "categoryName",
     "fields",
     "summary",
     "status",
     "statusName",
     "registeredBy",
     "boundUnit",
     "graduate",
     "lastReason",
     "createdAt",
     "updatedAt",
     "effectiveAt",
     "history",
     "attachments",
     "invalidatedAt",
     "invalidReason"
    ],
    "properties": {
     "id": {
      "type": "string"
     },
     "cohort": {
      "type": "integer",
      "description": "届别"
     },
     "category": {
      "type": "string",
      "enum": [
       "11",
       "12",
       "27",
       "46",
       "50",
       "51",
       "75",
       "76",
       "80",
       "85",
       "70",
       "71",
       "72"
      ],
      "description": "毕业去向代码"
     },
     "categoryName": {
      "type": "string",
      "description": "毕业去向名称"
     },
     "fields": {
      "type": "object",
      "additionalProperties": {
       "type": "string"
      },
      "description": "该去向的字段"
     },
     "summary": {
      "type": "string",
      "description": "列表显示的单位、学校或项目"
     },
     "status": {
      "type": "string",
      "enum": [
       "awaitingDepartment",
       "awaitingSchool",
       "approved",
       "rejected",
       "voidRequestAwaitingDepartment",
       "voidRequestAwaitingSchool",
       "voided",
       "withdrawn"
      ],
      "description": "状态代码"
     },
     "statusName": {
      "type": "string",
      "description": "状态名称"
     },
     "registeredBy": {
      "type": "string",
      "enum": [
       "graduate",
       "school"
      ],
      "description": "登记人"
     },
     "boundUnit": {
      "type": "boolean",
      "description": "定向/委培去向补充登记"
     },
     "graduate": {
      "$ref": "#/components/schemas/GraduateParty"
     },
     "lastReason": {
      "type": "string",
      "description": "最近一次不通过、作废等的原因"
     },
     "createdAt": {
      "type": "string",
      "format": "date-time"
     },
     "updatedAt": {
      "type": "string",
      "format": "date-time"
     },
     "effectiveAt": {
      "type": "string",
      "nullable": true,
      "format": "date-time",
      "description": "审核通过（生效）时间"
     },
     "history": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AgreementHistoryEntry"
      },
      "description": "办理记录（列表中为空）"
     },
     "attachments": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/AgreementAttachment"
      },
      "description": "证明材料（kind 为 destinationProof）"
     },
     "invalidatedAt": {
      "type": "string",
      "nullable": true,
      "format": "date-time",
      "description": "失效时间（毕业生被移出学生名单）"
     },
     "invalidReason": {
      "type": "string",
      "nullable": true,
      "description": "失效原因"
     }
    },
    "description": "其他毕业去向登记",
    "additionalProperties": false
   },
   "InvalidRecord": {
    "type": "object",
    "required": [
     "kind",
     "kindName",
     "id",
     "graduate",
     "status",
     "statusName",
     "summary",
     "invalidatedAt",
     "invalidReason"
    ],
    "properties": {
     "kind": {
      "type": "string",
      "enum": [
       "agreement",
       "termination",
       "registration"
      ],
      "description": "记录类型"
     },
     "kindName": {
      "type": "string",
      "description": "签约 / 补登 / 解约 / 去向登记"
     },
     "id": {
      "type": "string",
      "description": "记录id"
     },
     "graduate": {
      "$ref": "#/components/schemas/GraduateParty"
     },
     "status": {
      "type": "string",
      "description": "失效时的状态代码"
     },
     "statusName": {
      "type": "string",
      "description": "失效时的状态名称"
     },
     "summary": {
      "type": "string",
      "description": "单位、学校或项目"
     },
     "invalidatedAt": {
      "type": "string",
      "format": "date-time",
      "description": "失效时间"
     },
     "invalidReason": {
      "type": "string",
      "description": "失效原因"
     }
    },
    "description": "失效信息：毕业生被移出学生名单后冻结的记录，重新导入后恢复",
    "additionalProperties": false
   },
   "WarningEmployerInput": {
    "type": "object",
    "required": [
     "creditCode",
     "employerName",
     "reason"
    ],
    "properties": {
     "creditCode": {
      "type": "string",
      "description": "统一社会信用代码（18位）",
      "pattern": "^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"
     },
     "employerName": {
      "type": "string",
      "description": "单位名称",
      "minLength": 1
     },
     "reason": {
      "type": "string",
      "description": "列入预警的原因，如虚假宣传、违规招聘、恶意解约",
      "minLength": 1
     }
    }
   },
   "WarningEmployer": {
    "type": "object",
    "required": [
     "creditCode",
     "employerName",
     "reason",
     "addedByName",
     "addedAt",
     "listedBySchool",
     "national",
     "schoolCount"
    ],
    "properties": {
     "creditCode": {
      "type": "string",
      "description": "统一社会信用代码"
     },
     "employerName": {
      "type": "string",
      "description": "单位名称"
     },
     "reason": {
      "type": "string",
      "description": "本校列入预警的原因（仅全国预警时为空）"
     },
     "addedByName": {
      "type": "string",
      "description": "列入人"
     },
     "addedAt": {
      "type": "string",
      "nullable": true,
      "format": "date-time",
      "description": "本校列入时间"
     },
     "listedBySchool": {
      "type": "boolean",
      "description": "本校已列入"
     },
     "national": {
      "type": "boolean",
      "description": "全国预警单位（5所及以上高校列入）"
     },
     "schoolCount": {
      "type": "integer",
      "description": "列入预警的高校数"
     }
    },
    "description": "预警单位",
    "additionalProperties": false
   },
   "StatisticsColumn": {
    "type": "object",
    "required": [
     "key",
     "name",
     "source",
     "flows",
     "statuses"
    ],
    "properties": {
     "key": {
      "type": "string",
      "enum": [
       "signed",
       "signingPending",
       "signingRejected",
       "terminated",
       "terminationPending",
       "terminationRejected",
       "backRegistered",
       "backRegistrationPending",
       "backRegistrationRejected",
       "registered",
       "registrationPending",
       "registrationRejected"
      ],
      "description": "列代码"
     },
     "name": {
      "type": "string",
      "description": "列名，如已签约"
     },
     "source": {
      "type": "string",
      "enum": [
       "agreements",
       "terminations",
       "registrations"
      ],
      "description": "该列统计的列表"
     },
     "flows": {
      "type": "array",
      "items": {
       "type": "string",
       "enum": [
        "employerOffer",
        "graduateApplication",
        "backRegistration"
       ]
      },
      "description": "签约方式筛选（仅 agreements）"
     },
     "statuses": {
      "type": "array",
      "items": {
       "type": "string"
      },
      "description": "状态筛选"
     }
    },
    "description": "统计列及其对应的列表筛选：单元格数等于该列表按院系、签约方式和状态筛选后的总数",
    "additionalProperties": false
   },
   "StatisticsRow": {
    "type": "object",
    "required": [
     "department",
     "total",
     "counts",
     "placed",
     "placementRate"
    ],
    "properties": {
     "department": {
      "type": "string",
      "description": "院系；合计行为“总计”"
     },
     "total": {
      "type": "integer",
      "description": "总数（学生名单人数）"
     },
     "counts": {
      "type": "array",
      "items": {
       "type": "integer"
      },
      "description": "各列的数，顺序同 columns"
     },
     "placed": {
      "type": "integer",
      "description": "已落实毕业去向（就业或升学）人数"
     },
     "placementRate": {
      "type": "string",
      "description": "落实率，如“87.50%”"
     }
    },
    "additionalProperties": false
   },
   "Statistics": {
    "type": "object",
    "required": [
     "cohort",
     "columns",
     "rows",
     "total"
    ],
    "properties": {
     "cohort": {
      "type": "integer",
      "description": "届别"
     },
     "columns": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/StatisticsColumn"
      }
     },
     "rows": {
      "type": "array",
      "items": {
       "$ref": "#/components/schemas/StatisticsRow"
      },
      "description": "各院系"
     },
     "total": {
      "$ref": "#/components/schemas/StatisticsRow"
     }
    },
    "description": "数据统计（按院系，含总计行）",
    "additionalProperties": false
   },
   "SchoolInfoInput": {
    "type": "object",
    "properties": {
     "schoolName": {
      "type": "string",
      "description": "学校名称（最多100字）",
      "minLength": 1
     },
     "employmentOffice": {
      "type": "string",
      "description": "就业部门（最多100字）",
      "minLength": 1
     },
     "contactName": {
      "type": "string",
      "description": "联系人（最多50字）",
      "minLength": 1
     },
     "contactPhone": {
      "type": "string",
      "description": "联系电话",
      "minLength": 1
     },
     "address": {
      "type": "string",
      "description": "通讯地址（最多200字）",
      "minLength": 1
     },
     "postcode": {
      "type": "string",
      "description": "邮编（6位数字）",
      "pattern": "^[0-9]{6}$",
      "minLength": 1
     },
     "opinion": {
      "type": "string",
      "description": "学校意见（可选，最多500字）",
      "nullable": true
     }
    },
    "description": "协议上打印的学校信息",
    "required": [
     "schoolName",
     "employmentOffice",
     "contactName",
     "contactPhone",
     "address",
     "postcode"
    ]
   },
   "JobTermsInput": {
    "type": "object",
    "properties": {
     "jobTitle": {
      "type": "string",
      "description": "岗位名称",
      "nullable": true
     },
     "workLocation": {
      "type": "string",
      "description": "工作地点",
      "nullable": true
     },
     "monthlySalaryYuan": {
      "type": "integer",
      "description": "月薪（元）",
      "nullable": true,
      "format": "int32",
      "minimum": -2147483648,
      "maximum": 2147483647
     },
     "probationMonths": {
      "type": "integer",
      "description": "试用期（月，0到6）",
      "nullable": true,
      "format": "int32",
      "minimum": -2147483648,
      "maximum": 2147483647
     },
     "contractTerm": {
      "type": "string",
      "description": "合同期限，如“3年”",
      "nullable": true
     },
     "otherTerms": {
      "type": "string",
      "description": "其他约定",
      "nullable": true
     }
    },
    "description": "岗位与待遇"
   },
   "NewGraduate": {
    "type": "object",
    "required": [
     "department",
     "major",
     "educationLevel",
     "candidateNumber",
     "name",
     "idNumber",
     "studentNumber",
     "cohort",
     "trainingMode"
    ],
    "properties": {
     "department": {
      "type": "string",
      "minLength": 1
     },
     "major": {
      "type": "string",
      "minLength": 1
     },
     "educationLevel": {
      "type": "string",
      "enum": [
       "01",
       "11",
       "31",
       "41"
      ],
      "description": "学历：01 博士研究生、11 硕士研究生、31 本科、41 专科"
     },
     "candidateNumber": {
      "type": "string",
      "minLength": 1,
      "description": "考生号（字母和数字）"
     },
     "name": {
      "type": "string",
      "minLength": 1
     },
     "idNumber": {
      "type": "string",
      "description": "身份证号（GB 11643，18位，末位校验码）",
      "pattern": "^[0-9]{17}[0-9Xx]$"
     },
     "studentNumber": {
      "type": "string",
      "minLength": 1
     },
     "gender": {
      "type": "string",
      "enum": [
       "1",
       "2",
       "男",
       "女",
       null
      ],
      "nullable": true
     },
     "cohort": {
      "type": "integer",
      "description": "届别（2000到2100）",
      "minimum": 2000,
      "maximum": 2100,
      "format": "int32"
     },
     "graduationDate": {
      "type": "string",
      "pattern": "^(20[0-9]{2}(0[1-9]|1[0-2])|2100(0[1-9]|1[0-2]))?$",
      "nullable": true,
      "description": "毕业时间，6位年月，如202406；可为空"
     },
     "lengthOfSchooling": {
      "type": "string",
      "nullable": true
     },
     "trainingMode": {
      "type": "string",
      "enum": [
       "1",
       "2",
       "3"
      ],
      "description": "培养方式：1 非定向、2 定向、3 委培（2、3 须填 boundUnit）"
     },
     "boundUnit": {
      "type": "string",
      "nullable": true
     },
     "originRegion": {
      "type": "string",
      "pattern": "^([0-9]{6})?$",
      "nullable": true,
      "description": "生源所在地，6位行政区划代码；可为空"
     },
     "mobile": {
      "type": "string",
      "nullable": true,
      "pattern": "^(1[0-9]{10})?$",
      "description": "手机号，11位；可为空"
     }
    },
    "description": "向学生名单添加一名毕业生"
   }
  },
  "responses": {
   "BadRequest": {
    "description": "输入不正确（field 指出字段）",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Unauthenticated": {
    "description": "未登录或登录已过期",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "PermissionDenied": {
    "description": "无权执行此操作",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "NotFound": {
    "description": "不存在",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "Conflict": {
    "description": "重复或状态不允许",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "SignInLimited": {
    "description": "请求过于频繁（code: rate_limited），或失败次数过多，账号、身份证号或网络地址被暂时锁定（code: resource_exhausted，须等待 Retry-After 秒）",
    "headers": {
     "Retry-After": {
      "description": "锁定剩余的秒数",
      "schema": {
       "type": "integer"
      }
     }
    },
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "RateLimited": {
    "description": "请求过于频繁",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "PayloadTooLarge": {
    "description": "请求内容过大（JSON 最多64KB，上传文件最多10MB）",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   },
   "UnsupportedMediaType": {
    "description": "请求内容类型不受支持（code: unsupported_media_type）",
    "content": {
     "application/json": {
      "schema": {
       "$ref": "#/components/schemas/Error"
      }
     }
    }
   }
  }
 }
}
"""#
}
