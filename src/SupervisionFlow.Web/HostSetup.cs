using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Archive;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Documents;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.ApiReference;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.EngineApi;
using SupervisionFlow.Web.Features.Portal;
using SupervisionFlow.Web.Features.Shared;
using SupervisionFlow.Web.Features.SuggestionsApi;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web;

/// <summary>Everything the product registers; shared by the web host and the tools that run the same services.</summary>
public static class HostSetup
{
    public static WebApplicationBuilder AddSupervisionFlow(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseDefaultUrlWhenNoneConfigured();
        // Issue #10 (cold start): Hangfire's server, the job schedules, the calendar check and Kestrel start side by
        // side instead of one after another. Nothing Kestrel answers waits on them: the database, the workflows and
        // the sign-in set-up are ready before the host starts (StartupSequence).
        builder.Services.Configure<HostOptions>(options => options.ServicesStartConcurrently = true);
        builder.AddDatabase();
        builder.AddSharedDataProtection();
        builder.AddHealthEndpoints();
        builder.Services.AddWorkingCalendar(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSuggestionHandling();
        builder.Services.AddDocuments();
        builder.Services.AddAssessment();
        builder.Services.AddHistoryArchive();
        builder.AddNotifications();
        builder.AddProcessEngine();
        builder.AddScheduling();
        builder.AddEngineApi();
        builder.AddSuggestionsApi();
        builder.AddApiReference();
        builder.AddWebAuth();
        builder.AddWebPages();
        builder.Services.AddDeputyPortal();
        return builder;
    }
}
