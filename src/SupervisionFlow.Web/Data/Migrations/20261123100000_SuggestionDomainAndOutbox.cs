using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace SupervisionFlow.Web.Data.Migrations;

/// <summary>
/// The suggestion domain (<c>ApplyDomainModel</c>) and the mail outbox (<c>ApplyNotificationsModel</c>). Hand-written
/// like <see cref="InitialEngineSchema"/>: column types are left to each provider's mapping of the CLR type and length
/// (enums stored as strings are plain string columns here; DateOnly maps to TEXT on SQLite and date on PostgreSQL), so
/// <c>MigrationDriftTests</c> can require the same schema as <c>EnsureCreated</c> on both providers.
/// </summary>
/// <remarks>
/// Only the owned collections (co-signers, units, a topic's suggestions) have foreign keys, because only they are
/// relationships in the model; handling records, audit entries and outbox rows point at a suggestion by an indexed id.
/// </remarks>
[DbContext(typeof(AppDbContext))]
[Migration("20261123100000_SuggestionDomainAndOutbox")]
public sealed class SuggestionDomainAndOutbox : HandWrittenMigration
{
    private static readonly string[] Tables =
    [
        "deputies", "handling_units", "committees", "leaders", "suggestions", "suggestion_cosigners", "suggestion_units",
        "assignment_meetings", "review_decisions", "assignments", "acknowledgements", "reassignment_decisions",
        "handling_plans", "deputy_contacts", "co_unit_opinions", "extension_requests", "replies", "evaluations",
        "interviews", "progress_reports", "overdue_records", "inquiry_topics", "inquiry_topic_suggestions",
        "audit_entries", "outbox_messages",
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);

        migrationBuilder.CreateTable(
            name: "deputies",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                Name = table.Column<string>(maxLength: 50, nullable: false),
                Delegation = table.Column<string>(maxLength: 100, nullable: false),
                Phone = table.Column<string>(maxLength: 30, nullable: true),
                Email = table.Column<string>(maxLength: 200, nullable: true),
                UserName = table.Column<string>(maxLength: 100, nullable: true),
                IsActive = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_deputies", x => x.Id));

        migrationBuilder.CreateTable(
            name: "handling_units",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 50, nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                ContactName = table.Column<string>(maxLength: 50, nullable: true),
                Phone = table.Column<string>(maxLength: 30, nullable: true),
                Email = table.Column<string>(maxLength: 200, nullable: true),
                HeadName = table.Column<string>(maxLength: 50, nullable: true),
                HeadEmail = table.Column<string>(maxLength: 200, nullable: true),
                IsActive = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_handling_units", x => x.Id));

        migrationBuilder.CreateTable(
            name: "committees",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 50, nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Fields = table.Column<string>(maxLength: 500, nullable: true),
                Email = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_committees", x => x.Id));

        migrationBuilder.CreateTable(
            name: "leaders",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 50, nullable: false),
                Name = table.Column<string>(maxLength: 50, nullable: false),
                Title = table.Column<string>(maxLength: 100, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Email = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_leaders", x => x.Id));

        migrationBuilder.CreateTable(
            name: "suggestions",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                Term = table.Column<int>(nullable: false),
                Session = table.Column<int>(nullable: false),
                Number = table.Column<int>(nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                Content = table.Column<string>(nullable: false),
                Category = table.Column<string>(maxLength: 50, nullable: false),
                FormedBy = table.Column<string>(maxLength: 50, nullable: true),
                LeadDeputyId = table.Column<int>(nullable: false),
                Disclosure = table.Column<string>(maxLength: 20, nullable: false),
                ReferenceOnly = table.Column<bool>(nullable: false),
                IsKey = table.Column<bool>(nullable: false),
                KeyLeaderId = table.Column<string>(maxLength: 50, nullable: true),
                KeyCommitteeId = table.Column<string>(maxLength: 50, nullable: true),
                HandlingMode = table.Column<string>(maxLength: 20, nullable: false),
                State = table.Column<string>(maxLength: 30, nullable: false),
                SubmittedAt = table.Column<DateTime>(nullable: false),
                AssignedAt = table.Column<DateTime>(nullable: true),
                ReplyDueOn = table.Column<DateOnly>(nullable: true),
                FirstRepliedAt = table.Column<DateTime>(nullable: true),
                ClosedAt = table.Column<DateTime>(nullable: true),
                ResultClass = table.Column<string>(maxLength: 5, nullable: true),
                Round = table.Column<int>(nullable: false),
                MergedIntoId = table.Column<int>(nullable: true),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: true),
                Version = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_suggestions", x => x.Id));

        migrationBuilder.CreateTable(
            name: "suggestion_cosigners",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                SuggestionId = table.Column<int>(nullable: false),
                DeputyId = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_suggestion_cosigners", x => x.Id);
                table.ForeignKey(
                    name: "FK_suggestion_cosigners_suggestions_SuggestionId",
                    column: x => x.SuggestionId,
                    principalTable: "suggestions",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "suggestion_units",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                SuggestionId = table.Column<int>(nullable: false),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Role = table.Column<string>(maxLength: 20, nullable: false),
                AcknowledgedAt = table.Column<DateTime>(nullable: true),
                IsActive = table.Column<bool>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_suggestion_units", x => x.Id);
                table.ForeignKey(
                    name: "FK_suggestion_units_suggestions_SuggestionId",
                    column: x => x.SuggestionId,
                    principalTable: "suggestions",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "assignment_meetings",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                Name = table.Column<string>(maxLength: 200, nullable: false),
                HeldOn = table.Column<DateOnly>(nullable: false),
                Location = table.Column<string>(maxLength: 200, nullable: true),
                CreatedBy = table.Column<string>(maxLength: 100, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_assignment_meetings", x => x.Id));

        migrationBuilder.CreateTable(
            name: "review_decisions",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                Outcome = table.Column<string>(maxLength: 20, nullable: false),
                Reason = table.Column<string>(nullable: true),
                MergedIntoId = table.Column<int>(nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_review_decisions", x => x.Id));

        migrationBuilder.CreateTable(
            name: "assignments",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                MeetingId = table.Column<int>(nullable: true),
                LeadUnitId = table.Column<string>(maxLength: 50, nullable: false),
                OtherUnitIds = table.Column<string>(maxLength: 500, nullable: true),
                Mode = table.Column<string>(maxLength: 20, nullable: false),
                ReplyDueOn = table.Column<DateOnly>(nullable: false),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_assignments", x => x.Id));

        migrationBuilder.CreateTable(
            name: "acknowledgements",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                RequestsReassignment = table.Column<bool>(nullable: false),
                Reason = table.Column<string>(nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_acknowledgements", x => x.Id));

        migrationBuilder.CreateTable(
            name: "reassignment_decisions",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                FromUnitId = table.Column<string>(maxLength: 50, nullable: false),
                ToUnitId = table.Column<string>(maxLength: 50, nullable: true),
                Approved = table.Column<bool>(nullable: false),
                Reason = table.Column<string>(nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_reassignment_decisions", x => x.Id));

        migrationBuilder.CreateTable(
            name: "handling_plans",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                HandlerName = table.Column<string>(maxLength: 50, nullable: false),
                HandlerPhone = table.Column<string>(maxLength: 30, nullable: true),
                Plan = table.Column<string>(nullable: false),
                PlannedCompletionOn = table.Column<DateOnly>(nullable: false),
                ReplyDueOn = table.Column<DateOnly>(nullable: false),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_handling_plans", x => x.Id));

        migrationBuilder.CreateTable(
            name: "deputy_contacts",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Stage = table.Column<string>(maxLength: 10, nullable: false),
                ContactedOn = table.Column<DateOnly>(nullable: false),
                Method = table.Column<string>(maxLength: 50, nullable: false),
                Participants = table.Column<string>(nullable: true),
                Summary = table.Column<string>(nullable: false),
                DeputyView = table.Column<string>(nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_deputy_contacts", x => x.Id));

        migrationBuilder.CreateTable(
            name: "co_unit_opinions",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Opinion = table.Column<string>(nullable: false),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_co_unit_opinions", x => x.Id));

        migrationBuilder.CreateTable(
            name: "extension_requests",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Reason = table.Column<string>(nullable: false),
                RequestedDueOn = table.Column<DateOnly>(nullable: false),
                Approved = table.Column<bool>(nullable: true),
                DecidedBy = table.Column<string>(maxLength: 100, nullable: true),
                DecidedAt = table.Column<DateTime>(nullable: true),
                DecisionNote = table.Column<string>(nullable: true),
                GrantedDueOn = table.Column<DateOnly>(nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_extension_requests", x => x.Id));

        migrationBuilder.CreateTable(
            name: "replies",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Round = table.Column<int>(nullable: false),
                ResultClass = table.Column<string>(maxLength: 5, nullable: false),
                Text = table.Column<string>(nullable: false),
                SignedBy = table.Column<string>(maxLength: 50, nullable: true),
                SignedAt = table.Column<DateTime>(nullable: true),
                DeliveredAt = table.Column<DateTime>(nullable: true),
                Copies = table.Column<string>(maxLength: 200, nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_replies", x => x.Id));

        migrationBuilder.CreateTable(
            name: "evaluations",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                DeputyId = table.Column<int>(nullable: false),
                Round = table.Column<int>(nullable: false),
                Attitude = table.Column<string>(maxLength: 20, nullable: true),
                Result = table.Column<string>(maxLength: 20, nullable: true),
                Comment = table.Column<string>(nullable: true),
                NotEvaluated = table.Column<bool>(nullable: false),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_evaluations", x => x.Id));

        migrationBuilder.CreateTable(
            name: "interviews",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                HeldOn = table.Column<DateOnly>(nullable: false),
                Participants = table.Column<string>(nullable: true),
                Summary = table.Column<string>(nullable: false),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_interviews", x => x.Id));

        migrationBuilder.CreateTable(
            name: "progress_reports",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                UnitId = table.Column<string>(maxLength: 50, nullable: false),
                Progress = table.Column<string>(nullable: false),
                Solved = table.Column<bool>(nullable: false),
                DeputyRating = table.Column<string>(maxLength: 20, nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_progress_reports", x => x.Id));

        migrationBuilder.CreateTable(
            name: "overdue_records",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                DueOn = table.Column<DateOnly>(nullable: false),
                SupervisionNote = table.Column<string>(nullable: true),
                SuggestionId = table.Column<int>(nullable: false),
                RecordedBy = table.Column<string>(maxLength: 100, nullable: false),
                RecordedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_overdue_records", x => x.Id));

        migrationBuilder.CreateTable(
            name: "inquiry_topics",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                Title = table.Column<string>(maxLength: 200, nullable: false),
                UnitId = table.Column<string>(maxLength: 50, nullable: true),
                Category = table.Column<string>(maxLength: 50, nullable: true),
                State = table.Column<string>(maxLength: 20, nullable: false),
                ProposedBy = table.Column<string>(maxLength: 100, nullable: false),
                ProposedAt = table.Column<DateTime>(nullable: false),
                MeetingOn = table.Column<DateOnly>(nullable: true),
                Summary = table.Column<string>(nullable: true),
                FollowUp = table.Column<string>(nullable: true),
                ProcessInstanceId = table.Column<string>(maxLength: 36, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_inquiry_topics", x => x.Id));

        migrationBuilder.CreateTable(
            name: "inquiry_topic_suggestions",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                InquiryTopicId = table.Column<int>(nullable: false),
                SuggestionId = table.Column<int>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_inquiry_topic_suggestions", x => x.Id);
                table.ForeignKey(
                    name: "FK_inquiry_topic_suggestions_inquiry_topics_InquiryTopicId",
                    column: x => x.InquiryTopicId,
                    principalTable: "inquiry_topics",
                    principalColumn: "Id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "audit_entries",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                At = table.Column<DateTime>(nullable: false),
                Actor = table.Column<string>(maxLength: 100, nullable: false),
                Action = table.Column<string>(maxLength: 100, nullable: false),
                SuggestionId = table.Column<int>(nullable: true),
                Details = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_audit_entries", x => x.Id));

        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("SqlServer:Identity", "1, 1"),
                CreatedAt = table.Column<DateTime>(nullable: false),
                Channel = table.Column<string>(maxLength: 10, nullable: false),
                To = table.Column<string>(maxLength: 1000, nullable: false),
                ToName = table.Column<string>(maxLength: 500, nullable: true),
                Subject = table.Column<string>(maxLength: 500, nullable: false),
                Body = table.Column<string>(nullable: false),
                DedupKey = table.Column<string>(maxLength: 200, nullable: false),
                SuggestionId = table.Column<int>(nullable: true),
                Attempts = table.Column<int>(nullable: false),
                NextAttemptAt = table.Column<DateTime>(nullable: false),
                SentAt = table.Column<DateTime>(nullable: true),
                LastError = table.Column<string>(maxLength: 2000, nullable: true),
                Status = table.Column<string>(maxLength: 10, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_outbox_messages", x => x.Id));

        // SQL Server allows one NULL in a unique index; its model leaves NULLs out as SQLite and PostgreSQL do.
        migrationBuilder.CreateIndex("IX_deputies_UserName", "deputies", "UserName", unique: true,
            filter: migrationBuilder.IsSqlServer() ? "[UserName] IS NOT NULL" : null);
        migrationBuilder.CreateIndex("IX_suggestions_Term_Session_Kind_Number", "suggestions", ["Term", "Session", "Kind", "Number"], unique: true);
        migrationBuilder.CreateIndex("IX_suggestions_State", "suggestions", "State");
        migrationBuilder.CreateIndex("IX_suggestions_LeadDeputyId", "suggestions", "LeadDeputyId");
        migrationBuilder.CreateIndex("IX_suggestion_cosigners_SuggestionId", "suggestion_cosigners", "SuggestionId");
        migrationBuilder.CreateIndex("IX_suggestion_units_SuggestionId", "suggestion_units", "SuggestionId");
        migrationBuilder.CreateIndex("IX_suggestion_units_UnitId", "suggestion_units", "UnitId");
        migrationBuilder.CreateIndex("IX_review_decisions_SuggestionId", "review_decisions", "SuggestionId");
        migrationBuilder.CreateIndex("IX_assignments_SuggestionId", "assignments", "SuggestionId");
        migrationBuilder.CreateIndex("IX_acknowledgements_SuggestionId", "acknowledgements", "SuggestionId");
        migrationBuilder.CreateIndex("IX_reassignment_decisions_SuggestionId", "reassignment_decisions", "SuggestionId");
        migrationBuilder.CreateIndex("IX_handling_plans_SuggestionId", "handling_plans", "SuggestionId");
        migrationBuilder.CreateIndex("IX_deputy_contacts_SuggestionId", "deputy_contacts", "SuggestionId");
        migrationBuilder.CreateIndex("IX_co_unit_opinions_SuggestionId", "co_unit_opinions", "SuggestionId");
        migrationBuilder.CreateIndex("IX_extension_requests_SuggestionId", "extension_requests", "SuggestionId");
        migrationBuilder.CreateIndex("IX_replies_SuggestionId", "replies", "SuggestionId");
        migrationBuilder.CreateIndex("IX_evaluations_SuggestionId", "evaluations", "SuggestionId");
        migrationBuilder.CreateIndex("IX_interviews_SuggestionId", "interviews", "SuggestionId");
        migrationBuilder.CreateIndex("IX_progress_reports_SuggestionId", "progress_reports", "SuggestionId");
        migrationBuilder.CreateIndex("IX_overdue_records_SuggestionId", "overdue_records", "SuggestionId");
        migrationBuilder.CreateIndex("IX_inquiry_topic_suggestions_InquiryTopicId", "inquiry_topic_suggestions", "InquiryTopicId");
        migrationBuilder.CreateIndex("IX_audit_entries_SuggestionId", "audit_entries", "SuggestionId");
        // A second writer of the same notice fails on this index: the outbox's "never sent twice".
        migrationBuilder.CreateIndex("IX_outbox_messages_DedupKey", "outbox_messages", "DedupKey", unique: true);
        migrationBuilder.CreateIndex("IX_outbox_messages_Status_NextAttemptAt", "outbox_messages", ["Status", "NextAttemptAt"]);
        migrationBuilder.CreateIndex("IX_outbox_messages_SuggestionId", "outbox_messages", "SuggestionId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        // Dependents before principals; dropping a table drops its indexes.
        foreach (var table in Enumerable.Reverse(Tables))
        {
            migrationBuilder.DropTable(table);
        }
    }
}
