using Coffer.Core.Diagnostics;
using Coffer.Server.Hosting;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coffer.Server.Observability;

/// <summary>The log's format, and the OpenTelemetry pipelines the options ask for (none by default).</summary>
internal static class TelemetrySetup
{
    public const string PrometheusPath = "/metrics";

    public static void AddCofferLogging(this ILoggingBuilder logging, LogFormat format)
    {
        logging.ClearProviders();
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }

    public static void AddCofferTelemetry(this IServiceCollection services, CofferOptions options)
    {
        if (!options.Prometheus && options.OtlpEndpoint is null)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("coffer", serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CofferMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }

                if (options.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(otlp => Configure(otlp, endpoint, "v1/metrics"));
                }
            });
        if (options.OtlpEndpoint is { } tracesEndpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(CofferMetrics.ActivitySourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(otlp => Configure(otlp, tracesEndpoint, "v1/traces")));
        }
    }

    public static void MapCofferTelemetry(this WebApplication app, CofferOptions options)
    {
        if (options.Prometheus)
        {
            app.MapPrometheusScrapingEndpoint(PrometheusPath);
        }
    }

    // OTLP over HTTP/protobuf to the collector's base address (port 4318): an endpoint set in code is used as given, so the signal's path is added here.
    private static void Configure(OtlpExporterOptions otlp, string endpoint, string signalPath)
    {
        otlp.Endpoint = new Uri(endpoint.TrimEnd('/') + "/" + signalPath);
        otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
    }
}
