-- Accounts and their roles (issue 2).
CREATE TABLE "Users" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY,
    "Email" TEXT NOT NULL,
    "NormalizedEmail" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NOT NULL,
    "ConcurrencyStamp" TEXT NOT NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "LockoutEnd" TEXT NULL,
    "AccessFailedCount" INTEGER NOT NULL,
    "CreatedUtc" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_Users_NormalizedEmail" ON "Users" ("NormalizedEmail");

CREATE TABLE "UserRoles" (
    "UserId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    CONSTRAINT "PK_UserRoles" PRIMARY KEY ("UserId", "Role"),
    CONSTRAINT "FK_UserRoles_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);
