"""The Staff Use of Social Media Policy as data, with answer cards and training examples."""
