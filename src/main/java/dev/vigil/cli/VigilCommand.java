package dev.vigil.cli;

import org.apache.kafka.common.config.ConfigException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil <command>}: the entry point. Commands only parse, load the configuration and wire. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Real-time forecasts and anomaly flags for sensor streams (Kafka Streams + an LSTM).",
        subcommands = {RunCommand.class, DemoCommand.class, ReplayCommand.class, EvalCommand.class, TrainCommand.class,
            BenchCommand.class, ModelsCommand.class, SimulateCommand.class,
            CommandLine.HelpCommand.class})
public final class VigilCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new VigilCommand())
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    // a bad setting or input is the user's to fix: say what and where, without a stack trace
                    if (exception instanceof ConfigException || exception instanceof IllegalArgumentException) {
                        commandLine.getErr().println("vigil: " + exception.getMessage());
                        return 2;
                    }
                    throw exception;
                });
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
