using Hangfire.Logging;
using HangfireLogLevel = Hangfire.Logging.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace SupervisionFlow.Web.Scheduling;

/// <summary>
/// Hangfire's log lines into the host's logging. Hangfire keeps its log provider in a process-wide static, which the
/// last host to start sets; test runs start and dispose many hosts in one process, so a logger asked of a disposed
/// factory gives a silent logger here instead of an <see cref="ObjectDisposedException"/> inside Hangfire.
/// </summary>
public sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new ForwardingLog(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new ForwardingLog(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }
    }

    private sealed class ForwardingLog(ILogger logger) : ILog
    {
        public bool Log(HangfireLogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                HangfireLogLevel.Trace => LogLevel.Trace,
                HangfireLogLevel.Debug => LogLevel.Debug,
                HangfireLogLevel.Info => LogLevel.Information,
                HangfireLogLevel.Warn => LogLevel.Warning,
                HangfireLogLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            // Hangfire first asks with no message whether the level is on.
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }
            if (logger.IsEnabled(level))
            {
                // Hangfire's messages are formatted text, not templates: logged as they are, braces and all.
                logger.Log(level, default, messageFunc(), exception, static (message, _) => message);
            }
            return true;
        }
    }
}
