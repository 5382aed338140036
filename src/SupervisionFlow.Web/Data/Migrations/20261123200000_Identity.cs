using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// The users, roles and their claims, logins and tokens of ASP.NET Core Identity (schema version 1), under the names
/// <c>IdentityModel.ApplyIdentityTableNames</c> gives them. Hand-written like the migrations before it; column types are
/// left to each provider's mapping of the CLR type and length, except the key strings' length on SQL Server.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123200000_Identity")]
public sealed class Identity : HandWrittenMigration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        // Key, foreign-key and indexed strings have no length (text on SQLite and PostgreSQL). SQL Server cannot index
        // nvarchar(max), and its model gives them 128 (SqlServerModel.UnboundedKeyLength, kept as a literal here so
        // this migration never changes with the code).
        int? keyLength = migrationBuilder.IsSqlServer() ? 128 : null;

        migrationBuilder.CreateTable(
            name: "roles",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: keyLength, nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedName = table.Column<string>(maxLength: 256, nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_roles", x => x.Id));

        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: keyLength, nullable: false),
                DisplayName = table.Column<string>(maxLength: 100, nullable: false),
                UnitId = table.Column<string>(maxLength: 50, nullable: true),
                DeputyId = table.Column<int>(nullable: true),
                CommitteeId = table.Column<string>(maxLength: 50, nullable: true),
                LeaderId = table.Column<string>(maxLength: 50, nullable: true),
                UserName = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = table.Column<string>(maxLength: 256, nullable: true),
                Email = table.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = table.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = table.Column<bool>(nullable: false),
                PasswordHash = table.Column<string>(nullable: true),
                SecurityStamp = table.Column<string>(nullable: true),
                ConcurrencyStamp = table.Column<string>(nullable: true),
                PhoneNumber = table.Column<string>(nullable: true),
                PhoneNumberConfirmed = table.Column<bool>(nullable: false),
                TwoFactorEnabled = table.Column<bool>(nullable: false),
                LockoutEnd = table.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = table.Column<bool>(nullable: false),
                AccessFailedCount = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_users", x => x.Id));

        migrationBuilder.CreateTable(
            name: "role_claims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                RoleId = table.Column<string>(maxLength: keyLength, nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_role_claims", x => x.Id);
                table.ForeignKey("FK_role_claims_roles_RoleId", x => x.RoleId, "roles", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_claims",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UserId = table.Column<string>(maxLength: keyLength, nullable: false),
                ClaimType = table.Column<string>(nullable: true),
                ClaimValue = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_claims", x => x.Id);
                table.ForeignKey("FK_user_claims_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_logins",
            columns: table => new
            {
                LoginProvider = table.Column<string>(maxLength: keyLength, nullable: false),
                ProviderKey = table.Column<string>(maxLength: keyLength, nullable: false),
                ProviderDisplayName = table.Column<string>(nullable: true),
                UserId = table.Column<string>(maxLength: keyLength, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_logins", x => new { x.LoginProvider, x.ProviderKey });
                table.ForeignKey("FK_user_logins_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_roles",
            columns: table => new
            {
                UserId = table.Column<string>(maxLength: keyLength, nullable: false),
                RoleId = table.Column<string>(maxLength: keyLength, nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_roles", x => new { x.UserId, x.RoleId });
                table.ForeignKey("FK_user_roles_roles_RoleId", x => x.RoleId, "roles", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_user_roles_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "user_tokens",
            columns: table => new
            {
                UserId = table.Column<string>(maxLength: keyLength, nullable: false),
                LoginProvider = table.Column<string>(maxLength: keyLength, nullable: false),
                Name = table.Column<string>(maxLength: keyLength, nullable: false),
                Value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_user_tokens", x => new { x.UserId, x.LoginProvider, x.Name });
                table.ForeignKey("FK_user_tokens_users_UserId", x => x.UserId, "users", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(name: "IX_role_claims_RoleId", table: "role_claims", column: "RoleId");
        // SQL Server allows one NULL in a unique index; its model leaves NULLs out as SQLite and PostgreSQL do.
        migrationBuilder.CreateIndex(name: "RoleNameIndex", table: "roles", column: "NormalizedName", unique: true,
            filter: migrationBuilder.IsSqlServer() ? "[NormalizedName] IS NOT NULL" : null);
        migrationBuilder.CreateIndex(name: "IX_user_claims_UserId", table: "user_claims", column: "UserId");
        migrationBuilder.CreateIndex(name: "IX_user_logins_UserId", table: "user_logins", column: "UserId");
        migrationBuilder.CreateIndex(name: "IX_user_roles_RoleId", table: "user_roles", column: "RoleId");
        migrationBuilder.CreateIndex(name: "EmailIndex", table: "users", column: "NormalizedEmail");
        migrationBuilder.CreateIndex(name: "UserNameIndex", table: "users", column: "NormalizedUserName", unique: true,
            filter: migrationBuilder.IsSqlServer() ? "[NormalizedUserName] IS NOT NULL" : null);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        foreach (var table in new[] { "role_claims", "user_claims", "user_logins", "user_roles", "user_tokens", "users", "roles" })
        {
            migrationBuilder.DropTable(name: table);
        }
    }
}
