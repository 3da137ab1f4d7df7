using SparkTuner.Cli;

return CommandDispatcher.Run(args, Console.Out, Console.Error);
